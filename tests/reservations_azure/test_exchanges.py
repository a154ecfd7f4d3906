"""Azure's calculateExchange and exchange: 202 and the result resource, policy errors, bad input, isolation."""

import uuid

from reservations.models import Exchange
from tests.azure_api import API, assert_arm_error
from tests.reservations_azure.conftest import base


def _purchase(customer, sku="Standard_D4s_v5", resource_type="VirtualMachines") -> dict:
    return {
        "sku": {"name": sku},
        "location": "westeurope",
        "properties": {
            "reservedResourceType": resource_type,
            "billingScopeId": f"/subscriptions/{customer.subscriptions[0].subscription_id}",
            "term": "P1Y",
            "billingPlan": "Upfront",
            "quantity": 1,
            "appliedScopeType": "Shared",
        },
    }


def _calculate(arm_api, customer, reservation, purchase):
    body = {
        "properties": {
            "reservationsToPurchase": [purchase],
            "reservationsToExchange": [{"reservationId": reservation.resource_id, "quantity": 1}],
        }
    }
    return arm_api.post(f"{base(customer)}/calculateExchange?{API}", body, format="json")


def test_calculate_then_exchange_report_their_results(arm_api, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()

    calculated = _calculate(arm_api, azure_customer, reservation, _purchase(azure_customer))
    assert calculated.status_code == 202, calculated.content
    result = arm_api.get(calculated["Azure-AsyncOperation"]).json()
    assert result["status"] == "Succeeded"
    assert result["properties"]["policyResult"]["policyErrors"] == []
    session = result["properties"]["sessionId"]

    key = {"HTTP_MS_REQUESTID": str(uuid.uuid4())}
    body = {"properties": {"sessionId": session}}
    exchanged = arm_api.post(f"{base(azure_customer)}/exchange?{API}", body, format="json", **key)
    replayed = arm_api.post(f"{base(azure_customer)}/exchange?{API}", body, format="json", **key)

    assert exchanged.status_code == 202, exchanged.content
    assert replayed["Azure-AsyncOperation"] == exchanged["Azure-AsyncOperation"]
    done = arm_api.get(exchanged["Azure-AsyncOperation"]).json()
    assert done["properties"]["reservationsToExchange"][0]["status"] == "Succeeded"
    assert done["properties"]["reservationsToPurchase"][0]["status"] == "Succeeded"
    assert Exchange.objects.count() == 1


def test_another_family_is_a_policy_error_and_the_exchange_is_refused(arm_api, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()
    sql = _purchase(azure_customer, sku="SQLDB_GP_Compute_Gen5", resource_type="SqlDatabases")
    calculated = _calculate(arm_api, azure_customer, reservation, sql)

    assert calculated.status_code == 202, calculated.content
    result = arm_api.get(calculated["Azure-AsyncOperation"]).json()
    assert result["properties"]["policyResult"]["policyErrors"][0]["code"] == "ExchangeNotAllowed"
    refused = arm_api.post(
        f"{base(azure_customer)}/exchange?{API}",
        {"properties": {"sessionId": result["properties"]["sessionId"]}},
        format="json",
    )
    assert_arm_error(refused, 400, "BadRequest")
    assert not Exchange.objects.exists()


def test_bad_exchange_bodies_are_400(arm_api, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()
    url = f"{base(azure_customer)}/calculateExchange?{API}"

    assert_arm_error(arm_api.post(url, {"properties": {}}, format="json"), 400)
    assert_arm_error(
        arm_api.post(url, {"properties": {"reservationsToPurchase": [], "reservationsToExchange": []}}, format="json"),
        400,
    )
    assert_arm_error(_calculate(arm_api, azure_customer, reservation, {"sku": {}}), 400)
    assert_arm_error(
        arm_api.post(f"{base(azure_customer)}/exchange?{API}", {"properties": {"sessionId": "nope"}}, format="json"),
        400,
    )
    assert_arm_error(
        arm_api.post(
            f"{base(azure_customer)}/exchange?{API}", {"properties": {"sessionId": str(uuid.uuid4())}}, format="json"
        ),
        404,
    )


def test_another_partner_cannot_read_or_use_the_exchange(arm_api, arm_api_b, azure_customer, azure_customer_b, buy):
    reservation = buy(azure_customer).reservations.get()
    calculated = _calculate(arm_api, azure_customer, reservation, _purchase(azure_customer))
    result_path = calculated["Azure-AsyncOperation"].split("/providers/", 1)[1]
    session = arm_api.get(calculated["Azure-AsyncOperation"]).json()["properties"]["sessionId"]

    assert_arm_error(
        arm_api_b.get(f"{base(azure_customer_b)}/../{result_path}".replace("Microsoft.Capacity/../", "")), 404
    )
    refused = arm_api_b.post(
        f"{base(azure_customer_b)}/exchange?{API}", {"properties": {"sessionId": session}}, format="json"
    )
    assert_arm_error(refused, 404)
    assert not Exchange.objects.exists()
