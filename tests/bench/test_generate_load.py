"""`manage.py generate_load` at the tiny scale: the counts it promises, reproducible, and read by the API."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Min

from accounts.models import Partner
from accounts.services import access_token_issue, api_credential_create
from arm.versioning import API_VERSION
from bench.generate import ANCHOR, MAIN_MPN, SCALES
from billing.models import Invoice, InvoiceLine, InvoiceStatus
from reservations.models import Instalment, Reservation, UtilizationDay
from software.models import SoftwarePurchase
from tests.api_personas import bearer

TINY = SCALES["tiny"]


class Rollback(Exception):
    pass


def generate(seed: int) -> None:
    call_command("generate_load", scale="tiny", seed=seed, quiet=True)


def token_client(partner):
    credential, secret = api_credential_create(partner=partner, name="bench test", actor=None)
    raw, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential.client_id), client_secret=secret
    )
    return bearer(raw)


def snapshot() -> list:
    """What the seed decides: ids, names, markets, dates and amounts (not row ids, which sequences give)."""
    return [
        sorted(Partner.objects.values_list("mpn_id", "customers__tenant_id", "customers__market")),
        sorted(Reservation.objects.values_list("reservation_id", "quantity", "unit_price", "order__purchased_at")),
        sorted(InvoiceLine.objects.values_list("order_id", "charge_type", "total", "charged_at")),
    ]


@pytest.mark.usefixtures("catalog")
def test_counts_per_partner_and_the_frozen_clock():
    generate(seed=5)
    main = Partner.objects.get(mpn_id=MAIN_MPN)
    assert main.clock_frozen_at == ANCHOR
    assert main.customers.count() == TINY.customers
    assert Reservation.objects.filter(partner=main).count() == TINY.reservations
    assert SoftwarePurchase.objects.filter(partner=main).count() == TINY.software_lines
    others = Partner.objects.exclude(pk=main.pk).filter(mpn_id__startswith="99999")
    assert others.count() == TINY.other_partners
    for other in others:
        assert other.customers.count() == TINY.customers // TINY.other_divisor
        assert Reservation.objects.filter(partner=other).count() == TINY.reservations // TINY.other_divisor
    # Every reservation has its first payment; every purchase and payment is one charge line.
    assert Instalment.objects.filter(sequence=0).count() == Reservation.objects.count()
    assert InvoiceLine.objects.count() == Instalment.objects.count() + SoftwarePurchase.objects.count()
    # Lines sit on the invoice of their month; past months are issued with a number, the current one open.
    for line in InvoiceLine.objects.select_related("invoice")[:200]:
        assert line.invoice.billing_period_start <= line.charged_at < line.invoice.billing_period_end
        assert line.total == line.subtotal + line.tax
    open_invoices = Invoice.objects.filter(status=InvoiceStatus.OPEN)
    assert {invoice.billing_period_start.month for invoice in open_invoices} == {ANCHOR.month}
    assert not Invoice.objects.filter(status=InvoiceStatus.ISSUED, number="").exists()
    # Utilization: the 90 days before the clock's day, for reservations in their term.
    days = UtilizationDay.objects.aggregate(first=Min("day"), last=Max("day"))
    assert (ANCHOR.date() - days["first"]).days == 90
    assert (ANCHOR.date() - days["last"]).days == 1


@pytest.mark.usefixtures("catalog")
def test_same_seed_same_data_and_a_second_run_is_refused():
    with pytest.raises(Rollback), transaction.atomic():
        generate(seed=11)
        first = snapshot()
        raise Rollback
    generate(seed=11)
    assert snapshot() == first
    with pytest.raises(CommandError, match="already holds bench data"):
        generate(seed=11)


@pytest.mark.usefixtures("catalog")
def test_the_api_lists_the_generated_data_within_the_tenant():
    generate(seed=5)
    main = Partner.objects.get(mpn_id=MAIN_MPN)
    api = token_client(main)
    body = api.get("/v1/customers?size=100").json()
    assert body["totalCount"] == TINY.customers
    assert {item["companyProfile"]["domain"] for item in body["items"]} == set(
        main.customers.values_list("domain", flat=True)
    )
    customer = main.customers.annotate(n=Count("reservation_orders")).filter(n__gt=0).order_by("-n", "pk").first()
    orders = api.get(
        f"/azure/{customer.tenant_id}/providers/Microsoft.Capacity/reservationOrders?api-version={API_VERSION}"
    )
    assert orders.status_code == 200, orders.content
    assert len(orders.json()["value"]) == customer.n
    invoice = Invoice.objects.filter(partner=main, status=InvoiceStatus.ISSUED).annotate(n=Count("lines")).latest("n")
    lines = api.get(f"/v1/invoices/{invoice.number}/lineitems?size=1000")
    assert lines.status_code == 200, lines.content
    assert lines.json()["totalCount"] == invoice.n
    other_customer = Partner.objects.exclude(pk=main.pk).filter(mpn_id__startswith="99999").first().customers.first()
    assert api.get(f"/v1/customers/{other_customer.tenant_id}").status_code == 404
