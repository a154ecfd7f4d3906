"""PATCH a reservation: ARM's 202 and operation, the one update service, rights, validation, isolation."""

import uuid

from arm.models import AsyncOperation
from partnercenter import clock
from reservations.models import Reservation, ReservationRoleAssignment
from reservations.services import lifecycle_run
from tests.azure_api import API, assert_arm_error
from tests.reservations_azure.conftest import base


def _url(customer, reservation) -> str:
    return (
        f"{base(customer)}/reservationOrders/{reservation.order.reservation_order_id}"
        f"/reservations/{reservation.reservation_id}?{API}"
    )


def _assign(reservation, user, role, partner):
    ReservationRoleAssignment.objects.create(
        reservation=reservation, user=user, role=role, created_at=clock.now(partner), created_by="test"
    )


def test_a_scope_change_answers_202_and_the_operation_reports_success(arm_api, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()
    production = azure_customer.subscriptions[1]
    scope = f"/subscriptions/{production.subscription_id}"
    response = arm_api.patch(
        _url(azure_customer, reservation),
        {"properties": {"appliedScopeType": "Single", "appliedScopes": [scope], "name": "moved", "renew": True}},
        format="json",
    )
    assert response.status_code == 202, response.content
    assert response["Retry-After"] == "1"
    operation = AsyncOperation.objects.get()
    assert response["Azure-AsyncOperation"] == (
        f"http://testserver{base(azure_customer)}/operationResults/{operation.operation_id}?{API}"
    )
    assert response["Location"] == f"http://testserver{_url(azure_customer, reservation)}"
    status = arm_api.get(response["Azure-AsyncOperation"].removeprefix("http://testserver"))
    assert status.json()["status"] == "Succeeded"
    final = arm_api.get(response["Location"].removeprefix("http://testserver")).json()
    assert final["etag"] == 2
    assert final["properties"]["appliedScopeType"] == "Single"
    assert final["properties"]["appliedScopes"] == [scope]
    assert final["properties"]["displayName"] == "moved" and final["properties"]["renew"] is True
    reservation.refresh_from_db()
    assert reservation.applied_subscription == production and reservation.etag == 2


def test_shared_clears_the_subscription_and_display_name_is_accepted_as_name(arm_api, azure_customer, buy):
    reservation = buy(azure_customer, scope="Single").reservations.get()
    response = arm_api.patch(
        _url(azure_customer, reservation),
        {"properties": {"appliedScopeType": "Shared", "displayName": "shared-now"}},
        format="json",
    )
    assert response.status_code == 202
    reservation.refresh_from_db()
    assert reservation.applied_scope_type == "Shared" and reservation.applied_subscription is None
    assert reservation.display_name == "shared-now"


def test_a_reservations_reader_cannot_patch(arm_as, azure_customer, buy, reader_a, frozen_a):
    reservation = buy(azure_customer).reservations.get()
    _assign(reservation, reader_a, "reservations_reader", frozen_a)
    api = arm_as(reader_a)
    assert api.get(_url(azure_customer, reservation)).status_code == 200
    error = assert_arm_error(
        api.patch(_url(azure_customer, reservation), {"properties": {"renew": True}}, format="json"),
        403,
        "AuthorizationFailed",
    )
    assert error["message"]
    assert Reservation.objects.get(pk=reservation.pk).renew is False
    assert not AsyncOperation.objects.exists()


def test_a_reservations_administrator_can_patch(arm_as, azure_customer, buy, reader_a, frozen_a):
    reservation = buy(azure_customer).reservations.get()
    _assign(reservation, reader_a, "reservations_administrator", frozen_a)
    response = arm_as(reader_a).patch(_url(azure_customer, reservation), {"properties": {"renew": True}}, format="json")
    assert response.status_code == 202
    assert Reservation.objects.get(pk=reservation.pk).renew is True


def test_bad_patches_are_refused_and_change_nothing(arm_api, azure_customer, azure_customer_b, buy):
    reservation = buy(azure_customer).reservations.get()
    url = _url(azure_customer, reservation)
    own = f"/subscriptions/{azure_customer.subscriptions[1].subscription_id}"
    foreign = f"/subscriptions/{azure_customer_b.subscriptions[0].subscription_id}"
    cases = [
        ("not json", 400, "InvalidRequestContent"),
        ([1, 2], 400, "InvalidRequestContent"),
        ({}, 400, "InvalidRequestContent"),
        ({"properties": {"appliedScopeType": "ManagementGroup"}}, 400, "InvalidRequestContent"),
        ({"properties": {"appliedScopes": ["/subscriptions/nope"]}}, 400, "InvalidRequestContent"),
        ({"properties": {"appliedScopeType": "Single", "appliedScopes": [own, own]}}, 400, "InvalidRequestContent"),
        ({"properties": {"appliedScopeType": "Single"}}, 400, "MissingAppliedScopesForSingle"),
        ({"properties": {"appliedScopeType": "Shared", "appliedScopes": [own]}}, 400, "BadRequest"),
        (
            {"properties": {"appliedScopeType": "Single", "appliedScopes": [foreign]}},
            400,
            "AppliedScopesNotAssociatedWithCommerceAccount",
        ),
        ({"properties": {"name": "bad/name"}}, 400, "BadRequest"),
        ({"properties": {"name": "a", "displayName": "b"}}, 400, "InvalidRequestContent"),
        ({"properties": {"renew": "maybe"}}, 400, "InvalidRequestContent"),
    ]
    for body, status, code in cases:
        if isinstance(body, str):
            response = arm_api.generic("PATCH", url, body, content_type="application/json")
        else:
            response = arm_api.patch(url, body, format="json")
        assert_arm_error(response, status, code)
    stored = Reservation.objects.get(pk=reservation.pk)
    assert (stored.etag, stored.applied_scope_type, stored.display_name) == (1, "Shared", reservation.display_name)
    assert not AsyncOperation.objects.exists()


def test_an_expired_reservation_cannot_change(arm_api, azure_customer, buy, frozen_a):
    reservation = buy(azure_customer).reservations.get()
    lifecycle_run(partner=frozen_a, boundary=reservation.order.expires_at)  # the day its term ends
    reservation.refresh_from_db()
    assert reservation.provisioning_state == "Expired"
    response = arm_api.patch(_url(azure_customer, reservation), {"properties": {"renew": True}}, format="json")
    assert_arm_error(response, 409, "OperationCannotBePerformedInCurrentState")


def test_another_partner_cannot_patch_and_nothing_changes(arm_api_b, azure_customer, azure_customer_b, buy):
    reservation = buy(azure_customer).reservations.get()
    body = {"properties": {"renew": True}}
    assert_arm_error(arm_api_b.patch(_url(azure_customer, reservation), body, format="json"), 404, "InvalidTenantId")
    under_b = _url(azure_customer_b, reservation)
    assert_arm_error(arm_api_b.patch(under_b, body, format="json"), 404, "ReservationOrderNotFound")
    assert Reservation.objects.get(pk=reservation.pk).renew is False
    assert not AsyncOperation.objects.exists()


def test_patch_needs_api_version_before_anything_changes(arm_api, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()
    url = _url(azure_customer, reservation).removesuffix(f"?{API}")
    assert_arm_error(
        arm_api.patch(url, {"properties": {"renew": True}}, format="json"), 400, "MissingApiVersionParameter"
    )
    response = arm_api.patch(url + "?api-version=2021-01-01", {"properties": {"renew": True}}, format="json")
    assert_arm_error(response, 400, "InvalidApiVersionParameter")
    assert Reservation.objects.get(pk=reservation.pk).renew is False


def test_unknown_reservation_patch_is_not_found(arm_api, azure_customer, buy):
    order = buy(azure_customer)
    url = f"{base(azure_customer)}/reservationOrders/{order.reservation_order_id}/reservations/{uuid.uuid4()}?{API}"
    assert_arm_error(arm_api.patch(url, {"properties": {}}, format="json"), 404, "ReservationIdNotInReservationOrder")


def test_get_sends_the_etag_as_a_header_and_in_the_body(arm_api, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()
    response = arm_api.get(_url(azure_customer, reservation))
    assert (response["ETag"], response.json()["etag"]) == ('"1"', 1)


def test_if_match_with_the_current_etag_changes_the_reservation(arm_api, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()
    url = _url(azure_customer, reservation)
    etag = arm_api.get(url)["ETag"]
    response = arm_api.patch(url, {"properties": {"renew": True}}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 202, response.content
    after = arm_api.get(url)
    assert (after["ETag"], after.json()["etag"], after.json()["properties"]["renew"]) == ('"2"', 2, True)


def test_a_stale_if_match_is_412_and_nothing_changes(arm_api, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()
    url = _url(azure_customer, reservation)
    stale = arm_api.get(url)["ETag"]
    assert arm_api.patch(url, {"properties": {"name": "first"}}, format="json", HTTP_IF_MATCH=stale).status_code == 202
    refused = arm_api.patch(url, {"properties": {"name": "second"}}, format="json", HTTP_IF_MATCH=stale)
    error = assert_arm_error(refused, 412, "PreconditionFailed")
    assert "etag is now 2" in error["message"]
    reservation.refresh_from_db()
    assert (reservation.display_name, reservation.etag) == ("first", 2)
    assert AsyncOperation.objects.count() == 1


def test_if_match_forms(arm_api, azure_customer, buy):
    """`*` and any listed ETag (quoted, weak or bare) match; a list without the current one does not."""
    reservation = buy(azure_customer).reservations.get()
    url = _url(azure_customer, reservation)
    for number, header in enumerate(["*", '"7", "2"', 'W/"4", W/"3"', "4"], start=1):
        response = arm_api.patch(url, {"properties": {"name": f"n{number}"}}, format="json", HTTP_IF_MATCH=header)
        assert response.status_code == 202, (header, response.content)
    for header in ('"1"', '"4", "6"', "", '"'):  # the etag is now 5
        assert_arm_error(
            arm_api.patch(url, {"properties": {"name": "x"}}, format="json", HTTP_IF_MATCH=header),
            412,
            "PreconditionFailed",
        )
    reservation.refresh_from_db()
    assert (reservation.display_name, reservation.etag) == ("n4", 5)


def test_the_schema_states_if_match_and_412(arm_api):
    schema = arm_api.get("/azure/openapi.json").json()
    path = next(p for p in schema["paths"] if p.endswith("/reservations/{reservation_id}"))
    patch = schema["paths"][path]["patch"]
    [if_match] = [p for p in patch["parameters"] if p["name"] == "If-Match"]
    assert if_match["in"] == "header" and "PreconditionFailed" in if_match["description"]
    assert "412" in patch["responses"]
    assert "ETag" in schema["paths"][path]["get"]["responses"]["200"]["headers"]
