"""GET/POST /v1/customers and GET /v1/customers/{id}: shapes, validation, tenancy, audit."""

import uuid

import pytest

from accounts.models import Role
from customers.models import Customer
from partnercenter.models import AuditRecord
from tests.api_personas import assert_error
from tests.factories import CustomerFactory


def new_customer_body(domain="contoso-it", country="IT", **billing):
    return {
        "companyProfile": {"domain": f"{domain}.onmicrosoft.com"},
        "billingProfile": {
            "culture": "IT-IT",
            "email": "billing@contoso.example",
            "language": "it",
            "companyName": "Contoso Italia",
            "firstName": "Giulia",
            "lastName": "Rossi",
            "defaultAddress": {
                "addressLine1": "Via Roma 1",
                "city": "Milano",
                "state": "MI",
                "postalCode": "20121",
                "country": country,
            },
            **billing,
        },
    }


def test_create_customer_answers_201_in_partner_center_shape_and_writes_audit(app_api, partner_a, credential_a):
    response = app_api.post("/v1/customers", new_customer_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    customer = Customer.objects.get(partner=partner_a)
    assert body["id"] == str(customer.tenant_id)
    assert response["Location"] == f"/v1/customers/{customer.tenant_id}"
    assert body["companyProfile"]["domain"] == "contoso-it.onmicrosoft.com"
    assert body["billingProfile"]["culture"] == "it-IT"
    assert body["billingProfile"]["defaultAddress"]["country"] == "IT"
    assert body["attributes"] == {"objectType": "Customer"}
    audit = AuditRecord.objects.get(operation_type="add_customer")
    assert audit.customer_id == customer.tenant_id and audit.application_id == str(credential_a.client_id)
    assert audit.original_correlation_id == response["MS-CorrelationId"]


def test_pascal_case_body_is_accepted_like_partner_center(app_api):
    body = new_customer_body()
    pascal = {"CompanyProfile": body["companyProfile"], "BillingProfile": body["billingProfile"]}
    assert app_api.post("/v1/customers", pascal, format="json").status_code == 201


def test_bad_customer_bodies_answer_400_with_field_paths(app_api, customer_a):
    cases = [
        ({}, "companyProfile"),
        ({"companyProfile": "x", "billingProfile": {}}, "companyProfile"),
        (new_customer_body(domain="Bad Domain!"), "companyProfile.domain"),
        (new_customer_body(country="US"), None),  # valid shape, US needs a state: present, so OK below
        (new_customer_body(domain="alpha"), "companyProfile.domain"),  # taken by customer_a
        (new_customer_body(email="not-an-email"), "billingProfile.email"),
    ]
    for body, field in cases:
        response = app_api.post("/v1/customers", body, format="json")
        if field is None:
            assert response.status_code == 201
            continue
        error = assert_error(response, 400)
        assert field in [item["field"] for item in error["data"]], error
    no_state = new_customer_body(domain="texas", country="US")
    del no_state["billingProfile"]["defaultAddress"]["state"]
    error = assert_error(app_api.post("/v1/customers", no_state, format="json"), 400, 3000)
    assert error["data"][0]["field"] == "billingProfile.defaultAddress.state"
    numeric_name = new_customer_body(domain="numbers")
    numeric_name["billingProfile"]["lastName"] = 0
    error = assert_error(app_api.post("/v1/customers", numeric_name, format="json"), 400, 3000)
    assert error["data"][0]["field"] == "billingProfile.lastName"
    assert_error(app_api.post("/v1/customers", "{oops", content_type="application/json"), 400, 800002)
    assert_error(app_api.post("/v1/customers", "a=b", content_type="application/x-www-form-urlencoded"), 415)


@pytest.mark.schema_unchecked  # a method the schema does not list, on purpose
def test_an_unsupported_method_answers_405(app_api):
    assert_error(app_api.delete("/v1/customers"), 405)


def test_get_customer_and_tenancy(app_api, app_api_b, customer_a, customer_b):
    ok = app_api.get(f"/v1/customers/{customer_a.tenant_id}")
    assert ok.status_code == 200 and ok.json()["companyProfile"]["companyName"] == "Alpha Srl"
    assert ok.json()["allowDelegatedAccess"] is True
    assert_error(app_api.get(f"/v1/customers/{customer_b.tenant_id}"), 404, 1000)
    assert_error(app_api_b.get(f"/v1/customers/{customer_a.tenant_id}"), 404, 1000)
    assert_error(app_api.get(f"/v1/customers/{uuid.uuid4()}"), 404, 1000)
    assert_error(app_api.get("/v1/customers/not-a-uuid"), 404, 1000)
    ids = [item["id"] for item in app_api.get("/v1/customers").json()["items"]]
    assert ids == [str(customer_a.tenant_id)]


def test_roles_decide_for_app_user_tokens(api_as, make_user, customer_a):
    helpdesk = api_as(make_user(Role.HELPDESK_AGENT))
    assert helpdesk.get("/v1/customers").status_code == 200
    assert_error(helpdesk.post("/v1/customers", new_customer_body(), format="json"), 403)
    referral = api_as(make_user(Role.REFERRAL_ADMIN))
    assert_error(referral.get("/v1/customers"), 403)
    assert_error(referral.get(f"/v1/customers/{customer_a.tenant_id}"), 403)


def test_customer_list_query_budget(app_api, partner_a, django_assert_max_num_queries):
    CustomerFactory.create_batch(30, partner=partner_a)
    with django_assert_max_num_queries(3):
        response = app_api.get("/v1/customers?size=20")
    assert response.json()["totalCount"] == 20 and "next" in response.json()["links"]


@pytest.mark.parametrize(
    "profile",
    [
        {"market": "US", "state": "WA"},
        {"market": "IT", "address_line2": "Scala B", "phone_number": "+39 02 1234567"},
        {"market": "JP", "culture": "ja-JP", "language": "ja", "relationship_to_partner": "advisor"},
    ],
)
def test_a_listed_customer_reads_as_its_own_get(app_api, partner_a, profile):
    """The list renders plain rows (CustomerSerializer.ROW_FIELDS), the detail a Customer: the same body."""
    customer = CustomerFactory(partner=partner_a, **profile)
    [listed] = app_api.get("/v1/customers").json()["items"]
    one = app_api.get(f"/v1/customers/{customer.tenant_id}").json()
    assert one.pop("allowDelegatedAccess") is True
    assert listed == one
    assert listed["billingProfile"]["defaultAddress"]["country"] == profile["market"]
