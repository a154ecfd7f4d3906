"""/v1/servicerequests: Partner Center's shapes, bad input answered with a code, tenancy, idempotent creation."""

import pytest

from support import services
from support.models import RequestKind, Status, SupportRequest
from tests.api_personas import assert_error
from tests.support.conftest import file_problem, file_refund

pytestmark = pytest.mark.django_db

CONTACT = {"firstName": "Mario", "lastName": "Rossi", "email": "mario@partner.example", "phoneNumber": "+39 02 1234"}


def body(**fields):
    return {
        "title": "Portal error",
        "description": "The invoice page shows an error.",
        "severity": "moderate",
        "supportTopicId": "32630020",
        "primaryContact": CONTACT,
        **fields,
    }


def test_the_support_topics_are_listed(app_api):
    response = app_api.get("/v1/servicerequests/supporttopics")

    assert response.status_code == 200
    topics = {item["id"]: item["name"] for item in response.json()["items"]}
    assert topics["32630010"] == "CSP Purchase/Refund on behalf of customers"
    assert response.json()["totalCount"] == 5


def test_filing_a_problem_answers_the_service_request(app_api, partner_a):
    response = app_api.post("/v1/servicerequests/it-IT", body(), format="json")

    assert response.status_code == 201, response.content
    created = response.json()
    assert len(created["id"]) == 16 and response["Location"] == f"/v1/servicerequests/{created['id']}"
    assert (created["status"], created["outcome"], created["supportTopicName"]) == (
        "open",
        "pending",
        "Report a problem with Partner Center",
    )
    assert created["primaryContact"]["language"] == "it-IT"
    assert created["organization"]["name"] == "Partner A"
    assert created["attributes"] == {"objectType": "ServiceRequest"}


def test_filing_a_reservation_refund_through_the_api(api_as, admin_agent_a, buy, customer_a):
    reservation = buy(customer_a)

    response = api_as(admin_agent_a).post(
        "/v1/servicerequests/en-US",
        body(
            supportTopicId="32630001",
            customerTenantId=str(customer_a.tenant_id),
            reservationId=str(reservation.reservation_id),
        ),
        format="json",
    )

    assert response.status_code == 201, response.content
    created = SupportRequest.objects.get(number=response.json()["id"])
    assert (created.kind, created.customer, created.reservation_id) == (
        RequestKind.RESERVATION_REFUND,
        customer_a,
        reservation.reservation_id,
    )
    assert response.json()["reservationOrderId"] == str(reservation.order.reservation_order_id)


@pytest.mark.parametrize(
    ("path", "payload", "code"),
    [
        ("/v1/servicerequests/xx-XX", body(), 800002),
        ("/v1/servicerequests/en-US", body(title=""), 3000),
        ("/v1/servicerequests/en-US", body(severity="urgent"), 3000),
        ("/v1/servicerequests/en-US", body(supportTopicId="1"), 3000),
        ("/v1/servicerequests/en-US", body(primaryContact={"firstName": "M"}), 3000),
        ("/v1/servicerequests/en-US", body(title="a\u0000b"), 800002),
        ("/v1/servicerequests/en-US", body(supportTopicId="32630001"), 800002),
        ("/v1/servicerequests/en-US", body(supportTopicId="32630010"), 800002),
        ("/v1/servicerequests/en-US", body(amountRequested=-1, currency="EUR"), 3000),
        ("/v1/servicerequests/en-US", body(amountRequested=10, currency="eur"), 3000),
        ("/v1/servicerequests/en-US", body(quantity=0), 3000),
        ("/v1/servicerequests/en-US", body(customerTenantId="not-a-uuid"), 3000),
    ],
)
def test_bad_input_is_answered_with_a_partner_center_error(app_api, path, payload, code):
    """3000: a property the body's schema refuses; 800002: input the service refuses."""
    response = app_api.post(path, payload, format="json")

    assert_error(response, 400, code)
    assert not SupportRequest.objects.exists()


def test_another_partners_customer_is_not_found(app_api, customer_b):
    response = app_api.post(
        "/v1/servicerequests/en-US", body(customerTenantId=str(customer_b.tenant_id)), format="json"
    )

    assert_error(response, 404, 1000)


def test_the_same_request_id_and_body_files_once(app_api):
    first = app_api.post("/v1/servicerequests/en-US", body(), format="json", HTTP_MS_REQUESTID="req-1")
    again = app_api.post("/v1/servicerequests/en-US", body(), format="json", HTTP_MS_REQUESTID="req-1")
    other = app_api.post("/v1/servicerequests/en-US", body(title="Another"), format="json", HTTP_MS_REQUESTID="req-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert_error(other, 409)
    assert SupportRequest.objects.count() == 1


def test_lists_and_detail_are_the_partners_own(app_api, app_api_b, admin_agent_a, customer_a, admin_agent_b):
    mine = file_problem(admin_agent_a, customer_a)
    theirs = file_problem(admin_agent_b)

    listed = app_api.get("/v1/servicerequests").json()
    by_customer = app_api.get(f"/v1/customers/{customer_a.tenant_id}/servicerequests").json()

    assert [item["id"] for item in listed["items"]] == [mine.number]
    assert [item["id"] for item in by_customer["items"]] == [mine.number]
    assert app_api.get(f"/v1/servicerequests/{mine.number}").json()["customerTenantId"] == str(customer_a.tenant_id)
    assert_error(app_api.get(f"/v1/servicerequests/{theirs.number}"), 404, 1000)
    assert_error(app_api_b.get(f"/v1/servicerequests/{mine.number}"), 404, 1000)
    assert_error(app_api_b.get(f"/v1/customers/{customer_a.tenant_id}/servicerequests"), 404)
    assert_error(app_api_b.patch(f"/v1/servicerequests/{mine.number}", {"status": "closed"}, format="json"), 404)


def test_the_list_filters_by_status_and_refuses_an_unknown_one(app_api, admin_agent_a, staff):
    open_one, closed_one = file_problem(admin_agent_a), file_problem(admin_agent_a)
    services.request_reject(request=closed_one, staff=staff, reason="Duplicate.")

    closed = app_api.get("/v1/servicerequests?status=closed").json()

    assert [item["id"] for item in closed["items"]] == [closed_one.number]
    assert closed["items"][0]["outcomeReason"] == "Duplicate."
    assert open_one.number not in [item["id"] for item in closed["items"]]
    assert_error(app_api.get("/v1/servicerequests?status=pending"), 400, 800002)


def test_patch_adds_a_note_and_closes(api_as, admin_agent_a, staff):
    request = file_problem(admin_agent_a)
    services.information_ask(request=request, staff=staff, text="Which invoice?")
    client = api_as(admin_agent_a)

    noted = client.patch(f"/v1/servicerequests/{request.number}", {"NewNote": {"Text": "INV-42"}}, format="json")
    closed = client.patch(f"/v1/servicerequests/{request.number}", {"status": "closed"}, format="json")

    assert noted.status_code == 200, noted.content
    assert noted.json()["status"] == "open"
    assert [note["text"] for note in noted.json()["notes"]] == ["Which invoice?", "INV-42"]
    assert noted.json()["notes"][1]["createdByName"] == admin_agent_a.username
    assert (closed.json()["status"], closed.json()["outcome"]) == ("closed", "withdrawn")
    assert closed.json()["lastClosedDate"] is not None
    again = client.patch(f"/v1/servicerequests/{request.number}", {"newNote": {"text": "hello"}}, format="json")
    assert_error(again, 409, 800061)


@pytest.mark.parametrize(
    "payload", [{}, {"status": "open"}, {"newNote": {"text": ""}}, {"newNote": "text"}, {"status": "closed", "x": 1}]
)
def test_patch_refuses_what_it_cannot_do(app_api, admin_agent_a, payload):
    request = file_problem(admin_agent_a)

    response = app_api.patch(f"/v1/servicerequests/{request.number}", payload, format="json")

    if payload == {"status": "closed", "x": 1}:  # unknown properties are ignored, as Partner Center does
        assert response.status_code == 200
        return
    assert_error(response, 400, 3000)  # Partner Center's "Invalid property"
    request.refresh_from_db()
    assert request.status == Status.OPEN


def test_roles_that_cannot_file_cannot_post_or_patch(api_as, make_user, admin_agent_a):
    from accounts.models import Role

    request = file_problem(admin_agent_a)
    sales = api_as(make_user(Role.SALES_AGENT))

    assert_error(sales.post("/v1/servicerequests/en-US", body(), format="json"), 403)
    assert_error(sales.get("/v1/servicerequests"), 403)
    assert_error(sales.patch(f"/v1/servicerequests/{request.number}", {"status": "closed"}, format="json"), 403)


def test_helpdesk_agents_file_and_read_through_the_api(api_as, helpdesk_agent_a, buy, customer_a):
    client = api_as(helpdesk_agent_a)
    request = file_refund(helpdesk_agent_a, buy(customer_a))

    assert client.get(f"/v1/servicerequests/{request.number}").status_code == 200
    assert client.post("/v1/servicerequests/en-US", body(), format="json").status_code == 201


def test_the_list_reads_in_a_fixed_number_of_queries(app_api, admin_agent_a, staff, django_assert_max_num_queries):
    for _ in range(6):
        request = file_problem(admin_agent_a)
        services.information_ask(request=request, staff=staff, text="More?")
        services.note_add(request=request, actor=admin_agent_a, text="Here.")

    with django_assert_max_num_queries(8):
        response = app_api.get("/v1/servicerequests")

    assert len(response.json()["items"]) == 6
    assert all(len(item["notes"]) == 2 for item in response.json()["items"])
