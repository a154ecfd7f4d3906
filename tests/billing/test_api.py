"""The invoices API: Partner Center shapes, paging, tenancy, capability and bad input."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from accounts.permissions import CAPABILITY_ROLES, Capability
from billing import services
from simulation.services import clock_advance
from tests.api_personas import assert_error

WITH_BILLING = sorted(CAPABILITY_ROLES[Capability.VIEW_BILLING])
WITHOUT_BILLING = sorted(set(Role.values) - CAPABILITY_ROLES[Capability.VIEW_BILLING])

# Partner Center's field names (reference §1.11): the API uses these and invents only the two
# invoice sums that Partner Center's Invoice lacks but its invoice page shows (tax and credits).
PC_INVOICE_FIELDS = {
    "id",
    "invoiceDate",
    "billingPeriodStartDate",
    "billingPeriodEndDate",
    "totalCharges",
    "paidAmount",
    "currencyCode",
    "currencySymbol",
    "pdfDownloadLink",
    "invoiceDetails",
    "amendments",
    "documentType",
    "amendsOf",
    "invoiceType",
    "attributes",
}
SIMULATOR_INVOICE_FIELDS = {"taxTotal", "creditTotal"}
PC_ONE_TIME_LINE_FIELDS = {
    "partnerId",
    "customerId",
    "customerName",
    "customerDomainName",
    "customerCountry",
    "invoiceNumber",
    "mpnId",
    "resellerMpnId",
    "orderId",
    "orderDate",
    "productId",
    "skuId",
    "availabilityId",
    "productName",
    "skuName",
    "chargeType",
    "unitPrice",
    "effectiveUnitPrice",
    "unitType",
    "quantity",
    "subtotal",
    "taxTotal",
    "totalForCustomer",
    "currency",
    "publisherName",
    "publisherId",
    "subscriptionDescription",
    "subscriptionId",
    "chargeStartDate",
    "chargeEndDate",
    "termAndBillingCycle",
    "alternateId",
    "priceAdjustmentDescription",
    "discountDetails",
    "pricingCurrency",
    "pcToBCExchangeRate",
    "pcToBCExchangeRateDate",
    "billableQuantity",
    "meterDescription",
    "reservationOrderId",
    "attributes",
}


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


def test_an_issued_invoice_keeps_its_totals_from_issue(app_api, issued):
    """The database writes the totals in the UPDATE that issues the invoice; the list reads them."""
    issued.refresh_from_db()
    assert (issued.issued_charges, issued.issued_credits) == (Decimal("212.0000"), Decimal("0.0000"))
    assert (issued.issued_tax, issued.issued_amount) == (Decimal("46.6400"), Decimal("258.6400"))
    euro = next(item for item in app_api.get("/v1/invoices").json()["items"] if item["id"] == issued.number)
    assert (euro["totalCharges"], euro["taxTotal"], euro["creditTotal"]) == ("258.64", "46.64", "0.00")


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


def invoice_urls(invoice) -> list[str]:
    """Every billing endpoint, for one issued invoice."""
    return [
        "/v1/invoices",
        f"/v1/invoices/{invoice.number}",
        f"/v1/invoices/{invoice.number}/lineitems",
        "/v1/invoices/unbilled/lineitems",
    ]


@pytest.mark.parametrize("role", WITHOUT_BILLING)
def test_every_role_without_billing_gets_403(api_as, make_user, issued, role):
    client = api_as(make_user(role))

    for url in invoice_urls(issued):
        assert_error(client.get(url), 403)


@pytest.mark.parametrize("role", WITH_BILLING)
def test_every_role_with_billing_may_read_invoices(api_as, make_user, issued, role):
    client = api_as(make_user(role))

    for url in invoice_urls(issued):
        assert client.get(url).status_code == 200, url


def test_field_names_are_partner_centers(app_api, issued):
    invoice = app_api.get(f"/v1/invoices/{issued.number}").json()
    line = app_api.get(f"/v1/invoices/{issued.number}/lineitems").json()["items"][0]

    assert set(invoice) - PC_INVOICE_FIELDS == SIMULATOR_INVOICE_FIELDS
    assert (invoice["currencySymbol"], invoice["amendments"], invoice["documentType"]) == ("€", [], "Invoice")
    assert set(line) <= PC_ONE_TIME_LINE_FIELDS


def test_invoices_are_paged_through_the_platform_paginator(app_api, charge, customer_a, frozen_a):
    charge(customer_a, "1.00")
    clock_advance(partner=frozen_a, to=datetime(2030, 5, 2, tzinfo=UTC))
    numbers = list(
        frozen_a.invoices.filter(status="issued").order_by("-billing_period_start").values_list("number", flat=True)
    )

    seen, token, pages = [], None, 0
    while True:
        headers = {"HTTP_MS_CONTINUATIONTOKEN": token} if token else {}
        page = app_api.get("/v1/invoices?size=3", **headers).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        if "next" not in page["links"]:
            break
        token = page["links"]["next"]["headers"][0]["value"]

    assert len(numbers) == 4
    assert seen == numbers and pages == 2


def test_line_items_have_a_query_budget_whatever_their_number(
    app_api, charge, customer_a, customer_au, frozen_a, django_assert_max_num_queries
):
    for number in range(40):
        charge(customer_a if number % 2 else customer_au, "2.00", currency="EUR")
    clock_advance(partner=frozen_a, to=datetime(2030, 2, 2, tzinfo=UTC))
    number = frozen_a.invoices.get(status="issued").number

    with django_assert_max_num_queries(10):
        response = app_api.get(f"/v1/invoices/{number}/lineitems")

    assert response.status_code == 200
    assert response.json()["totalCount"] == 40


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


def test_invoices_and_line_items_render_the_same_with_drfs_own_walk(app_api, issued, settings):
    """partnercenter/api/compiled_output.py: the compiled walk against DRF's, on each billing read."""
    urls = [
        "/v1/invoices",
        f"/v1/invoices/{issued.number}/lineitems?provider=onetime",
        "/v1/invoices/unbilled/lineitems?provider=onetime",
    ]
    compiled = [app_api.get(url).json() for url in urls]
    settings.API_COMPILED_OUTPUT = False
    assert [app_api.get(url).json() for url in urls] == compiled
    assert [item["orderId"] for item in compiled[1]["items"]] == ["ORDERIT1", "ORDERIT2", "ORDERIT3"]
    assert compiled[2]["items"][0]["totalForCustomer"] == "-122.00"
