"""The invoices API: Partner Center shapes, paging, tenancy, capability and bad input."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from billing import services
from partnercenter.clock import clock_advance
from tests.api_personas import assert_error


@pytest.fixture
def issued(charge, customer_a, customer_au, frozen_a):
    """January issued with three lines; February open with one credit."""
    charge(customer_a, "100.00", order_id="ORDERIT1", source="order:it:1", quantity=2)
    charge(customer_a, "5.00", order_id="ORDERIT2")
    charge(customer_a, "7.00", order_id="ORDERIT3")
    charge(customer_au, "110.00", currency="AUD", order_id="ORDERAU1")
    clock_advance(partner=frozen_a, to=datetime(2030, 2, 5, tzinfo=UTC))
    services.credit_post(
        customer=customer_a,
        source="order:it:1:cancel",
        order_id="ORDERIT1",
        product_name="Windows Server 2022 Standard",
        sku_name="16 core",
        quantity=1,
        amount=Decimal("100.00"),
        currency="EUR",
        credited_at=datetime(2030, 2, 5, tzinfo=UTC),
    )
    return frozen_a.invoices.get(currency="EUR", billing_period_start__month=1)


def test_invoice_list_and_detail_in_partner_center_shape(app_api, issued, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = app_api.get("/v1/invoices")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["attributes"] == {"objectType": "Collection"}
    assert {item["currencyCode"] for item in body["items"]} == {"EUR", "AUD"}
    euro = next(item for item in body["items"] if item["currencyCode"] == "EUR")
    assert euro["id"] == issued.number
    assert euro["totalCharges"] == "258.64"  # (200 + 5 + 7) × 1.22, the invoice total
    assert euro["taxTotal"] == "46.64"
    assert euro["billingPeriodStartDate"] == "2030-01-01T00:00:00Z"
    assert euro["billingPeriodEndDate"] == "2030-01-31T00:00:00Z"
    assert euro["invoiceDate"] == "2030-02-01T00:00:00Z"
    assert euro["attributes"] == {"objectType": "Invoice"}
    assert app_api.get(f"/v1/invoices/{issued.number}").json() == euro


def test_line_items_are_paged_with_partner_center_field_names(app_api, issued, partner_a, customer_a):
    first = app_api.get(f"/v1/invoices/{issued.number}/lineitems?provider=onetime&size=2")

    assert first.status_code == 200, first.content
    page = first.json()
    assert page["totalCount"] == 2
    item = page["items"][0]
    assert item["attributes"] == {"objectType": "OneTimeInvoiceLineItem"}
    assert item["invoiceNumber"] == issued.number
    assert item["partnerId"] == str(partner_a.tenant_id) and item["mpnId"] == partner_a.mpn_id
    assert item["customerId"] == str(customer_a.tenant_id)
    assert (item["customerName"], item["customerDomainName"], item["customerCountry"]) == (
        "Alpha Srl",
        "alpha.onmicrosoft.com",
        "IT",
    )
    assert (item["orderId"], item["chargeType"], item["quantity"]) == ("ORDERIT1", "new", 2)
    assert (item["unitPrice"], item["subtotal"], item["taxTotal"], item["totalForCustomer"]) == (
        "100.00",
        "200.00",
        "44.00",
        "244.00",
    )
    token = page["links"]["next"]["headers"][0]["value"]
    second = app_api.get(f"/v1/invoices/{issued.number}/lineitems?size=2", HTTP_MS_CONTINUATIONTOKEN=token).json()
    assert [i["orderId"] for i in second["items"]] == ["ORDERIT3"]
    assert "next" not in second["links"]


def test_unbilled_line_items_are_the_open_period(app_api, issued, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = app_api.get("/v1/invoices/unbilled/lineitems?provider=onetime&currencycode=eur&period=current")

    items = response.json()["items"]
    assert [(i["chargeType"], i["totalForCustomer"], i["invoiceNumber"]) for i in items] == [
        ("cancelImmediate", "-122.00", "")
    ]
    assert app_api.get("/v1/invoices/unbilled/lineitems?currencycode=AUD").json()["items"] == []


def test_the_open_invoice_is_not_an_invoice_yet(app_api, issued):
    open_invoice = issued.partner.invoices.get(currency="EUR", status="open")

    assert_error(app_api.get(f"/v1/invoices/{open_invoice.pk}"), 404, 1000)
    assert [i["id"] for i in app_api.get("/v1/invoices").json()["items"]].count(issued.number) == 1


def test_another_partners_invoice_is_404(app_api_b, issued):
    assert_error(app_api_b.get(f"/v1/invoices/{issued.number}"), 404, 1000)
    assert_error(app_api_b.get(f"/v1/invoices/{issued.number}/lineitems"), 404, 1000)
    assert app_api_b.get("/v1/invoices").json()["items"] == []
    assert app_api_b.get("/v1/invoices/unbilled/lineitems").json()["items"] == []


@pytest.mark.parametrize("role", [Role.HELPDESK_AGENT, Role.SALES_AGENT, Role.ACCOUNT_ADMIN, Role.REPORTS_ADMIN])
def test_roles_without_billing_get_403(api_as, make_user, issued, role):
    client = api_as(make_user(role))

    for url in (
        "/v1/invoices",
        f"/v1/invoices/{issued.number}",
        f"/v1/invoices/{issued.number}/lineitems",
        "/v1/invoices/unbilled/lineitems",
    ):
        assert_error(client.get(url), 403)


def test_billing_admin_user_token_is_allowed(api_as, make_user, issued):
    assert api_as(make_user(Role.BILLING_ADMIN)).get("/v1/invoices").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/v1/invoices?size=0",
        "/v1/invoices?size=abc",
        "/v1/invoices/unbilled/lineitems?size=5000",
        "/v1/invoices/unbilled/lineitems?provider=azure",
        "/v1/invoices/unbilled/lineitems?period=previous",
        "/v1/invoices/unbilled/lineitems?currencycode=euros",
        "/v1/invoices/unbilled/lineitems?continuationToken=forged",
        "/v1/invoices/{number}/lineitems?invoicelineitemtype=usagelineitems",
    ],
)
def test_bad_input_is_a_clear_400(app_api, issued, url):
    body = assert_error(app_api.get(url.format(number=issued.number)), 400, 800002)
    assert body["description"]


def test_an_unknown_invoice_id_is_404(app_api, issued):
    assert_error(app_api.get("/v1/invoices/G999999999"), 404, 1000)
    assert_error(app_api.get("/v1/invoices/%20%3Cscript%3E/lineitems"), 404, 1000)
