"""Reads on invoices, always scoped to the acting partner; totals are sums over the lines."""

from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from billing.models import Invoice, InvoiceLine, InvoiceStatus
from partnercenter.errors import NotFound

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=18, decimal_places=4))


def _sum(field: str, **condition) -> Coalesce:
    """The sum of `field` over the invoice's lines (matching `condition`), as a correlated subquery.

    A subquery, not a join with GROUP BY: PostgreSQL evaluates it only for the rows a page returns (after
    ORDER BY ... LIMIT), reading the lines through the covering index invoiceline_totals, and a paginator's
    COUNT drops it.
    """
    lines = InvoiceLine.objects.filter(invoice=OuterRef("pk"), **condition).order_by().values("invoice")
    return Coalesce(Subquery(lines.annotate(sum=Sum(field)).values("sum")), ZERO)


def with_totals(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Annotate total_charges, total_credits (≤ 0, pre-tax), total_tax and total_amount (in the same query).

    An issued invoice's come from its columns written at issue (COALESCE stops there, the sum never runs);
    an open invoice's, and any issued without them (SQLite), are summed from its lines.
    """
    return invoices.annotate(
        total_charges=Coalesce(F("issued_charges"), _sum("subtotal", kind="charge")),
        total_credits=Coalesce(F("issued_credits"), _sum("subtotal", kind="credit")),
        total_tax=Coalesce(F("issued_tax"), _sum("tax")),
        total_amount=Coalesce(F("issued_amount"), _sum("total")),
    )


def invoice_list(*, partner, status: str = "") -> QuerySet[Invoice]:
    """The partner's invoices, newest period first, with their totals."""
    invoices = Invoice.objects.filter(partner=partner)
    if status:
        invoices = invoices.filter(status=status)
    return with_totals(invoices).order_by("-billing_period_start", "currency", "-id")


def invoice_get(*, partner, pk) -> Invoice:
    """One of the partner's invoices by row id, with totals; another partner's invoice is 404."""
    try:
        return with_totals(partner.invoices.all()).get(pk=pk)  # its partner is `partner`, not read again
    except (Invoice.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such invoice.") from exc


def invoice_get_by_number(*, partner, number: str, totals: bool = True) -> Invoice:
    """An issued invoice by its number (the API's invoice id); 404 outside the tenant.

    `totals=False` skips summing every line of the invoice, for callers that only need the row.
    """
    invoices = partner.invoices.filter(status=InvoiceStatus.ISSUED)  # each invoice's partner is `partner`, unread
    try:
        return (with_totals(invoices) if totals else invoices).get(number=number)
    except Invoice.DoesNotExist as exc:
        raise NotFound("No such invoice.") from exc


def _with_customer_tenant(lines: QuerySet[InvoiceLine]) -> QuerySet[InvoiceLine]:
    """Of each line's customer, only its tenant id (a line keeps its own snapshot of the rest)."""
    own = [field.name for field in InvoiceLine._meta.concrete_fields]
    return lines.select_related("customer").only(*own, "customer__tenant_id")


def invoice_lines(*, invoice: Invoice) -> QuerySet[InvoiceLine]:
    """The lines of an invoice already fetched through a scoped selector, with what serializers read.

    Read through `invoice.lines`: every line's invoice is `invoice` itself, not one joined copy per line.
    """
    lines = _with_customer_tenant(invoice.lines.all())
    return lines.order_by("invoice_id", "id")  # the same as by id, read from index invoiceline_invoice_id


def unbilled_lines(*, partner, currency: str = "") -> QuerySet[InvoiceLine]:
    """Lines on the partner's open invoices (the current period), optionally for one currency; by invoice (one
    per currency), then id."""
    lines = InvoiceLine.objects.filter(invoice__partner=partner, invoice__status=InvoiceStatus.OPEN)
    if currency:
        lines = lines.filter(currency=currency.upper())
    return _with_customer_tenant(lines.select_related("invoice__partner")).order_by("invoice_id", "id")
