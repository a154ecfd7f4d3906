"""Azure's own Python SDK (azure-mgmt-reservations 3.0.0) works against the simulator by changing its base URL.

The only other settings are the ones any plain-http endpoint needs: a TokenCredential that hands the SDK a
bearer token from /oauth2/token, `enforce_https=False` (azure-core refuses bearer tokens over http otherwise)
and a zero polling interval so the test does not wait between polls.
"""

import time
import uuid

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.reservations import ReservationsMgmtClient

from accounts.services import access_token_issue
from reservations.models import Reservation, ReservationOrder

pytestmark = pytest.mark.django_db(transaction=True)
HTTP = {"enforce_https": False}


class SimulatorToken:
    """A TokenCredential for the SDK: the bearer token our /oauth2/token issued."""

    def __init__(self, token: str):
        self.token = token

    def get_token(self, *scopes, **kwargs) -> AccessToken:
        return AccessToken(self.token, int(time.time()) + 3600)


@pytest.fixture
def sdk(live_server, settings, credential_a, azure_customer):
    settings.AZURE_API_RETRY_AFTER = 0
    raw, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential_a.client_id), client_secret=credential_a.secret
    )
    return ReservationsMgmtClient(
        SimulatorToken(raw), base_url=f"{live_server.url}/azure/{azure_customer.tenant_id}", polling_interval=0
    )


def test_the_official_sdk_lists_gets_updates_and_buys(sdk, azure_customer, buy):
    order = buy(azure_customer, display_name="existing")
    reservation = order.reservations.get()

    orders = list(sdk.reservation_order.list(**HTTP))
    assert [o.name for o in orders] == [str(order.reservation_order_id)]
    fetched = sdk.reservation_order.get(str(order.reservation_order_id), expand="schedule", **HTTP)
    assert fetched.properties.display_name == "existing" and fetched.properties.term == "P1Y"
    assert [t.status for t in fetched.properties.plan_information.transactions] == ["Succeeded"]

    listed = list(sdk.reservation.list(str(order.reservation_order_id), **HTTP))
    assert [r.properties.display_name for r in listed] == ["existing"]
    got = sdk.reservation.get(str(order.reservation_order_id), str(reservation.reservation_id), **HTTP)
    assert got.sku.name == "Standard_D2s_v5" and got.properties.applied_scope_type == "Shared"

    production = azure_customer.subscriptions[1]
    poller = sdk.reservation.begin_update(
        str(order.reservation_order_id),
        str(reservation.reservation_id),
        {
            "properties": {
                "appliedScopeType": "Single",
                "appliedScopes": [f"/subscriptions/{production.subscription_id}"],
                "name": "renamed-by-sdk",
            }
        },
        **HTTP,
    )
    updated = poller.result()
    assert poller.status() == "Succeeded"
    assert updated.properties.display_name == "renamed-by-sdk"
    assert updated.properties.applied_scopes == [f"/subscriptions/{production.subscription_id}"]
    assert updated.etag == 2
    assert Reservation.objects.get(pk=reservation.pk).applied_subscription == production

    quote = sdk.reservation_order.calculate(_purchase(azure_customer, "quoted"), **HTTP)
    new_order_id = quote.properties.reservation_order_id
    purchase = sdk.reservation_order.begin_purchase(new_order_id, _purchase(azure_customer, "bought-by-sdk"), **HTTP)
    bought = purchase.result()
    assert bought.name == new_order_id and bought.properties.display_name == "bought-by-sdk"
    assert bought.properties.original_quantity == 1
    stored = ReservationOrder.objects.get(reservation_order_id=new_order_id)
    assert stored.reservations.get().billing_subscription == azure_customer.subscriptions[0]


def test_the_sdk_raises_azures_errors(sdk, azure_customer):
    with pytest.raises(ResourceNotFoundError) as missing:
        sdk.reservation_order.get(str(uuid.uuid4()), **HTTP)
    assert missing.value.error.code == "ReservationOrderNotFound"
    with pytest.raises(HttpResponseError) as refused:
        sdk.reservation_order.begin_purchase(str(uuid.uuid4()), _purchase(azure_customer, "bad/name"), **HTTP)
    assert refused.value.status_code == 400 and refused.value.error.code == "BadRequest"


def _purchase(customer, name: str) -> dict:
    return {
        "sku": {"name": "Standard_D2s_v5"},
        "location": "westeurope",
        "properties": {
            "reservedResourceType": "VirtualMachines",
            "billingScopeId": f"/subscriptions/{customer.subscriptions[0].subscription_id}",
            "term": "P1Y",
            "billingPlan": "Monthly",
            "quantity": 1,
            "displayName": name,
            "appliedScopeType": "Shared",
        },
    }


def test_the_sdk_sends_if_match_and_a_stale_one_is_refused(sdk, azure_customer, buy):
    order = buy(azure_customer, display_name="guarded")
    reservation = order.reservations.get()
    ids = (str(order.reservation_order_id), str(reservation.reservation_id))
    got = sdk.reservation.get(*ids, **HTTP)
    current = f'"{got.etag}"'
    poller = sdk.reservation.begin_update(*ids, {"properties": {"renew": True}}, headers={"If-Match": current}, **HTTP)
    assert poller.result().properties.renew is True
    with pytest.raises(HttpResponseError) as refused:
        sdk.reservation.begin_update(
            *ids, {"properties": {"name": "lost-update"}}, headers={"If-Match": current}, **HTTP
        ).result()
    assert refused.value.status_code == 412 and refused.value.error.code == "PreconditionFailed"
    assert Reservation.objects.get(pk=reservation.pk).display_name == "guarded"
