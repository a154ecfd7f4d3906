"""Every write on invoices: charges, credits and the monthly issue.

A line always lands on the invoice that is *open* for its partner and currency: the one for the
calendar month containing the line's instant, or, when that month is already issued, the open one
(the next invoice). Issued invoices are never touched. Invoices are per partner AND currency: a
customer price in EUR for a partner billed in USD goes on the partner's EUR invoice; there is no
conversion.

Locking: a line locks its open invoice row (FOR UPDATE) so that the issue, which takes the same
lock, can never interleave with it; the issue never waits on anything while holding that lock.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, DateTimeField, Value, When

from billing.models import CHARGE_TYPES, CREDIT_TYPES, ChargeType, Invoice, InvoiceLine, InvoiceStatus, LineKind
from commerce.tax import tax_rule, tax_split
from partnercenter import clock, scheduler
from partnercenter.audit import audit_record_build, audit_record_write, audit_records_write
from partnercenter.errors import FixedCodeError
from partnercenter.money import round_money
from partnercenter.prepared import PreparedQuery

ISSUE_EFFECT = "billing.issue_invoice"


class BillingError(FixedCodeError):
    """A charge or credit the ledger refuses (bad amount, unknown charge type, future instant, ...)."""

    error_name = "InvalidBillingEntry"


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


def month_of(at: datetime) -> Period:
    """The calendar month (UTC) containing `at`; `end` is the first instant of the next month."""
    at = at.astimezone(UTC)
    start = datetime(at.year, at.month, 1, tzinfo=UTC)
    end = datetime(at.year + (at.month == 12), at.month % 12 + 1, 1, tzinfo=UTC)
    return Period(start=start, end=end)


def _invoice_open(*, partner, currency: str, period: Period) -> Invoice | None:
    """Create (or find) the invoice for `period` and schedule its issue at the period end.

    None when a concurrent transaction opened another period's invoice for this currency first
    (the caller re-reads which invoice is open).
    """
    try:
        with transaction.atomic():
            invoice, _ = Invoice.objects.get_or_create(
                partner=partner,
                currency=currency,
                billing_period_start=period.start,
                defaults={"billing_period_end": period.end},
            )
    except IntegrityError:
        existing = Invoice.objects.filter(partner=partner, currency=currency, billing_period_start=period.start).first()
        if existing is None:
            return None
        invoice = existing
    scheduler.schedule(partner=partner, kind=ISSUE_EFFECT, target=invoice.pk, due_at=invoice.billing_period_end)
    return invoice


# Every charge and credit reads it (inside its transaction): compiled once per connection.
_OPEN_INVOICE_LOCKED = PreparedQuery(
    lambda partner_id, currency: (
        Invoice.objects.select_for_update()
        .filter(partner_id=partner_id, currency=currency, status=InvoiceStatus.OPEN)
        .order_by("pk")[:1]
    ),
    partner_id=-1,
    currency="prepared sample: no currency looks like this",
)


def _invoice_for_line(*, partner, currency: str, at: datetime) -> Invoice:
    """The open invoice that receives a line dated `at`, locked FOR UPDATE.

    Month ends that have passed (by `at`) but whose issue effect has not run yet are issued first,
    exactly as the effect would, so a line never lands on a month that is already over.
    """
    for _attempt in range(1000):
        # Locked as it is found: after a wait on a concurrent issue, PostgreSQL re-checks the status.
        found = _OPEN_INVOICE_LOCKED(partner_id=partner.pk, currency=currency)
        current = found[0] if found else None
        if current is None:
            last = Invoice.objects.filter(partner=partner, currency=currency).order_by("-billing_period_end").first()
            period = month_of(at if last is None or at >= last.billing_period_end else last.billing_period_end)
            _invoice_open(partner=partner, currency=currency, period=period)
            continue
        if current.billing_period_end <= at:
            invoice_issue(invoice_id=current.pk, issued_at=current.billing_period_end)
            continue
        return current
    raise RuntimeError("Could not find or open an invoice.")  # pragma: no cover - needs 1000 concurrent issues


def invoice_issue(*, invoice_id: int, issued_at: datetime) -> Invoice:
    """Issue an open invoice (number, status, invoice date) and open the next month's invoice.

    Idempotent: issuing an issued invoice changes nothing and only makes sure the next one exists
    and is scheduled, so the effect can run twice or be killed halfway.
    """
    with transaction.atomic():
        invoices_issue(due={invoice_id: issued_at})
        return Invoice.objects.get(pk=invoice_id)


def invoices_issue(*, due: dict[int, datetime]) -> int:
    """Issue several invoices at once (`due`: invoice id → issue instant), each as `invoice_issue` says.

    For a month end's invoices (one per currency): one lock, one UPDATE of the open ones, one INSERT
    of their audit records, then the next month's invoice per currency. Idempotent like
    `invoice_issue`. Returns how many invoices this call issued.
    """
    with transaction.atomic():
        invoices = list(
            Invoice.objects.select_for_update().select_related("partner").filter(pk__in=list(due)).order_by("pk")
        )
        issuing = [invoice for invoice in invoices if invoice.status == InvoiceStatus.OPEN]
        if issuing:
            Invoice.objects.filter(pk__in=[invoice.pk for invoice in issuing]).update(
                status=InvoiceStatus.ISSUED,
                number=Case(
                    *[When(pk=invoice.pk, then=Value(Invoice.number_for(invoice.pk))) for invoice in issuing],
                    output_field=CharField(),
                ),
                issued_at=Case(
                    *[When(pk=invoice.pk, then=Value(due[invoice.pk])) for invoice in issuing],
                    output_field=DateTimeField(),
                ),
            )
            audit_records_write(
                [
                    audit_record_build(
                        partner=invoice.partner,
                        actor=None,
                        operation_type="ready_invoice",
                        resource_type="invoice",
                        new_value={
                            "id": Invoice.number_for(invoice.pk),
                            "currencyCode": invoice.currency,
                            "status": InvoiceStatus.ISSUED,
                        },
                        customized_data={
                            "InvoiceId": Invoice.number_for(invoice.pk),
                            "BillingPeriodStartDate": invoice.billing_period_start.date().isoformat(),
                            "Currency": invoice.currency,
                        },
                        when=due[invoice.pk],
                    )
                    for invoice in issuing
                ]
            )
        for invoice in invoices:
            _invoice_open(
                partner=invoice.partner, currency=invoice.currency, period=month_of(invoice.billing_period_end)
            )
    return len(issuing)


def _check_instant(partner, at: datetime) -> None:
    if at.tzinfo is None:
        raise BillingError("Billing instants must carry a time zone.")
    if at > clock.now(partner):
        raise BillingError("A line cannot be dated after the partner's current time.")


def _snapshot(customer) -> dict:
    return {
        "customer": customer,
        "customer_name": customer.company_name,
        "customer_domain": customer.domain,
        "customer_country": str(customer.market),
    }


def charge_post(
    *,
    customer,
    source: str,
    order_id: str,
    product_name: str,
    sku_name: str,
    quantity: int,
    unit_price: Decimal,
    currency: str,
    charged_at: datetime,
    charge_type: str = ChargeType.NEW,
    product_id: str = "",
    sku_id: str = "",
    availability_id: str = "",
    charge_start: datetime | None = None,
    charge_end: datetime | None = None,
) -> InvoiceLine:
    """Charge unit_price × quantity on the invoice open at `charged_at`, tax split by the customer's market.

    A `source` is charged once: calling again with the same source and the same charge returns the
    first line (a retried job does not double-bill); the same source with a different charge is refused.
    """
    currency = currency.upper()
    if charge_type not in CHARGE_TYPES:
        raise BillingError(f"{charge_type!r} is not a charge type.")
    if not isinstance(unit_price, Decimal) or unit_price < 0:
        raise BillingError("unit_price must be a non-negative Decimal.")
    if quantity < 1:
        raise BillingError("quantity must be at least 1.")
    if not source:
        raise BillingError("A charge needs a source.")
    partner = customer.partner
    _check_instant(partner, charged_at)
    split = tax_split(amount=unit_price * quantity, market=str(customer.market), currency=currency)
    fields = {
        "order_id": order_id,
        "quantity": quantity,
        "unit_price": unit_price,
        "currency": currency,
        "charge_type": charge_type,
    }
    # The insert comes first: a new source (every charge but a retry) costs no read. The lock and the
    # insert share one transaction; no savepoint of its own, as nothing is raised inside but a failure
    # (the refusal of a charge that differs is raised after the block).
    with transaction.atomic(savepoint=False):
        invoice = _invoice_for_line(partner=partner, currency=currency, at=charged_at)
        try:
            with transaction.atomic():
                return InvoiceLine.objects.create(
                    invoice=invoice,
                    kind=LineKind.CHARGE,
                    source=source,
                    product_name=product_name,
                    sku_name=sku_name,
                    product_id=product_id,
                    sku_id=sku_id,
                    availability_id=availability_id,
                    subtotal=split.subtotal,
                    tax=split.tax,
                    total=split.total,
                    charged_at=charged_at,
                    charge_start=charge_start,
                    charge_end=charge_end,
                    **fields,
                    **_snapshot(customer),
                )
        except IntegrityError:  # already charged (charge_once_per_source), maybe by a concurrent call
            existing = InvoiceLine.objects.get(kind=LineKind.CHARGE, source=source)
    if any(getattr(existing, name) != value for name, value in fields.items()):
        raise BillingError(f"Source {source!r} was already charged with different details.")
    return existing


@dataclass(frozen=True)
class Charge:
    """One charge for `charges_post`: the same fields as `charge_post`."""

    customer: Any  # customers.Customer (billing reads it, never imports the app)
    source: str
    order_id: str
    product_name: str
    sku_name: str
    quantity: int
    unit_price: Decimal
    currency: str
    charged_at: datetime
    charge_type: str = ChargeType.NEW
    product_id: str = ""
    sku_id: str = ""
    availability_id: str = ""
    charge_start: datetime | None = None
    charge_end: datetime | None = None


def charges_post(*, partner, charges: list[Charge]) -> int:
    """Post many charges in a few statements (set-based effects: a month of instalments for a partner).

    Same rules as `charge_post`; lines are grouped by currency and instant, each group locks its open
    invoice once and is inserted in one statement. A source already charged is skipped, so the call
    can run twice. Returns how many lines were created.
    """
    for charge in charges:
        if charge.charge_type not in CHARGE_TYPES:
            raise BillingError(f"{charge.charge_type!r} is not a charge type.")
        if not isinstance(charge.unit_price, Decimal) or charge.unit_price < 0:
            raise BillingError("unit_price must be a non-negative Decimal.")
        if charge.quantity < 1 or not charge.source:
            raise BillingError("A charge needs a source and a quantity of at least 1.")
        if charge.customer.partner_id != partner.pk:
            raise BillingError("Every charge must be for a customer of the partner.")
        _check_instant(partner, charge.charged_at)
    created = 0
    groups: dict[tuple[str, datetime], list[Charge]] = {}
    for charge in charges:
        groups.setdefault((charge.currency.upper(), charge.charged_at), []).append(charge)
    with transaction.atomic():
        for (currency, at), group in sorted(groups.items(), key=lambda item: (item[0][1], item[0][0])):
            invoice = _invoice_for_line(partner=partner, currency=currency, at=at)
            sources = [charge.source for charge in group]
            before = InvoiceLine.objects.filter(kind=LineKind.CHARGE, source__in=sources).count()
            lines = []
            for charge in group:
                split = tax_split(
                    amount=charge.unit_price * charge.quantity, market=str(charge.customer.market), currency=currency
                )
                lines.append(
                    InvoiceLine(
                        invoice=invoice,
                        kind=LineKind.CHARGE,
                        source=charge.source,
                        order_id=charge.order_id,
                        product_name=charge.product_name,
                        sku_name=charge.sku_name,
                        product_id=charge.product_id,
                        sku_id=charge.sku_id,
                        availability_id=charge.availability_id,
                        charge_type=charge.charge_type,
                        quantity=charge.quantity,
                        unit_price=charge.unit_price,
                        subtotal=split.subtotal,
                        tax=split.tax,
                        total=split.total,
                        currency=currency,
                        charged_at=at,
                        charge_start=charge.charge_start,
                        charge_end=charge.charge_end,
                        **_snapshot(charge.customer),
                    )
                )
            InvoiceLine.objects.bulk_create(lines, ignore_conflicts=True)
            created += InvoiceLine.objects.filter(kind=LineKind.CHARGE, source__in=sources).count() - before
    return created


def credit_post(
    *,
    customer,
    source: str,
    order_id: str,
    product_name: str,
    sku_name: str,
    quantity: int,
    amount: Decimal,
    currency: str,
    credited_at: datetime,
    charge_type: str = ChargeType.CANCEL_IMMEDIATE,
    actor=None,
    credits_source: str = "",
    product_id: str = "",
    sku_id: str = "",
    availability_id: str = "",
) -> tuple[InvoiceLine, bool]:
    """Give back `amount` (positive, same basis as unit_price × quantity) as a negative line.

    The line lands on the invoice open at `credited_at`, never on an issued one. A source is credited
    once: a second call (even concurrent) returns (the first line, False) without error. When
    `credits_source` names a charge, the credits for it may not exceed that charge.
    Writes the `create_credit` audit record in the same transaction.
    """
    currency = currency.upper()
    if charge_type not in CREDIT_TYPES:
        raise BillingError(f"{charge_type!r} is not a credit type.")
    if not isinstance(amount, Decimal) or amount <= 0:
        raise BillingError("amount must be a positive Decimal.")
    if quantity < 1:
        raise BillingError("quantity must be at least 1.")
    if not source:
        raise BillingError("A credit needs a source.")
    existing = InvoiceLine.objects.filter(kind=LineKind.CREDIT, source=source).first()
    if existing is not None:
        return existing, False
    partner = customer.partner
    _check_instant(partner, credited_at)
    amount = round_money(amount, currency)
    if amount <= 0:
        raise BillingError("amount rounds to zero in the currency's minor unit: nothing to credit.")
    split = tax_split(amount=amount, market=str(customer.market), currency=currency)
    with transaction.atomic():
        if credits_source:
            _check_creditable(partner=partner, currency=currency, credits_source=credits_source, amount=amount)
        invoice = _invoice_for_line(partner=partner, currency=currency, at=credited_at)
        try:
            with transaction.atomic():
                line = InvoiceLine.objects.create(
                    invoice=invoice,
                    kind=LineKind.CREDIT,
                    source=source,
                    credits_source=credits_source,
                    order_id=order_id,
                    product_name=product_name,
                    sku_name=sku_name,
                    product_id=product_id,
                    sku_id=sku_id,
                    availability_id=availability_id,
                    charge_type=charge_type,
                    quantity=quantity,
                    unit_price=-round_money(amount / quantity, currency),
                    subtotal=-split.subtotal,
                    tax=-split.tax,
                    total=-split.total,
                    currency=currency,
                    charged_at=credited_at,
                    **_snapshot(customer),
                )
        except IntegrityError:
            # A concurrent call credited this source first: report its line as done.
            return InvoiceLine.objects.get(kind=LineKind.CREDIT, source=source), False
        audit_record_write(
            partner=partner,
            actor=actor,
            operation_type="create_credit",
            resource_type="credit",
            customer=customer,
            new_value={
                "source": source,
                "orderId": order_id,
                "chargeType": charge_type,
                "amount": str(-split.total),
                "currency": currency,
                "invoiceBillingPeriodStartDate": invoice.billing_period_start.date().isoformat(),
            },
            customized_data={"OrderId": order_id, "Source": source, "Amount": -split.total, "Currency": currency},
            when=credited_at,
        )
    return line, True


@dataclass(frozen=True)
class Credit:
    """One credit for `credits_post`: the same fields as `credit_post`."""

    customer: Any  # customers.Customer (billing reads it, never imports the app)
    source: str
    order_id: str
    product_name: str
    sku_name: str
    quantity: int
    amount: Decimal
    currency: str
    credited_at: datetime
    charge_type: str = ChargeType.CANCEL_IMMEDIATE
    credits_source: str = ""
    product_id: str = ""
    sku_id: str = ""
    availability_id: str = ""


def _credit_checked(partner, credit: Credit) -> Credit:
    """`credit_post`'s checks for one credit; the credit with its currency and amount normalised."""
    if credit.charge_type not in CREDIT_TYPES:
        raise BillingError(f"{credit.charge_type!r} is not a credit type.")
    if not isinstance(credit.amount, Decimal) or credit.amount <= 0:
        raise BillingError("amount must be a positive Decimal.")
    if credit.quantity < 1:
        raise BillingError("quantity must be at least 1.")
    if not credit.source:
        raise BillingError("A credit needs a source.")
    if credit.customer.partner_id != partner.pk:
        raise BillingError("Every credit must be for a customer of the partner.")
    _check_instant(partner, credit.credited_at)
    currency = credit.currency.upper()
    amount = round_money(credit.amount, currency)
    if amount <= 0:
        raise BillingError("amount rounds to zero in the currency's minor unit: nothing to credit.")
    return replace(credit, currency=currency, amount=amount)


def _credit_line(credit: Credit, invoice: Invoice) -> InvoiceLine:
    split = tax_split(amount=credit.amount, market=str(credit.customer.market), currency=credit.currency)
    return InvoiceLine(
        invoice=invoice,
        kind=LineKind.CREDIT,
        source=credit.source,
        credits_source=credit.credits_source,
        order_id=credit.order_id,
        product_name=credit.product_name,
        sku_name=credit.sku_name,
        product_id=credit.product_id,
        sku_id=credit.sku_id,
        availability_id=credit.availability_id,
        charge_type=credit.charge_type,
        quantity=credit.quantity,
        unit_price=-round_money(credit.amount / credit.quantity, credit.currency),
        subtotal=-split.subtotal,
        tax=-split.tax,
        total=-split.total,
        currency=credit.currency,
        charged_at=credit.credited_at,
        **_snapshot(credit.customer),
    )


def _credit_audit(*, partner, actor, credit: Credit, line: InvoiceLine, invoice: Invoice):
    return audit_record_build(
        partner=partner,
        actor=actor,
        operation_type="create_credit",
        resource_type="credit",
        customer=credit.customer,
        new_value={
            "source": credit.source,
            "orderId": credit.order_id,
            "chargeType": credit.charge_type,
            "amount": str(line.total),
            "currency": credit.currency,
            "invoiceBillingPeriodStartDate": invoice.billing_period_start.date().isoformat(),
        },
        customized_data={
            "OrderId": credit.order_id,
            "Source": credit.source,
            "Amount": line.total,
            "Currency": credit.currency,
        },
        when=credit.credited_at,
    )


def credits_post(*, partner, credits: list[Credit], actor=None) -> list[InvoiceLine]:
    """Post many credits in a few statements (set-based effects: a batch of due cancellations).

    Same rules as `credit_post`: a source already credited is skipped (so a re-run credits once),
    a credit lands on the invoice open at its instant (the credits of one currency and month share
    it: one lock and one INSERT per group), the credits of a charge never exceed it, and each new
    credit gets its `create_credit` audit record (one INSERT for all). Returns the new lines.
    """
    done = set(
        InvoiceLine.objects.filter(kind=LineKind.CREDIT, source__in=[c.source for c in credits]).values_list(
            "source", flat=True
        )
    )
    todo: dict[str, Credit] = {}
    for credit in credits:
        if credit.source not in done and credit.source not in todo:
            todo[credit.source] = _credit_checked(partner, credit)
    groups: dict[tuple[datetime, str], list[Credit]] = {}
    for credit in todo.values():
        groups.setdefault((month_of(credit.credited_at).end, credit.currency), []).append(credit)
    created: list[InvoiceLine] = []
    with transaction.atomic():
        _check_creditable_many(partner=partner, credits=list(todo.values()))
        audits = []
        for (_month_end, currency), group in sorted(groups.items()):
            at = max(credit.credited_at for credit in group)
            invoice = _invoice_for_line(partner=partner, currency=currency, at=at)
            lines = [_credit_line(credit, invoice) for credit in group]
            try:
                with transaction.atomic():
                    InvoiceLine.objects.bulk_create(lines)
            except IntegrityError:
                # A concurrent call credited one of these sources first: credit this group one by one.
                for credit in group:
                    line, new = credit_post(**credit.__dict__, actor=actor)
                    if new:
                        created.append(line)
                continue
            created += lines
            audits += [
                _credit_audit(partner=partner, actor=actor, credit=credit, line=line, invoice=invoice)
                for credit, line in zip(group, lines, strict=True)
            ]
        audit_records_write(audits)
    return created


def _check_creditable_many(*, partner, credits: list[Credit]) -> None:
    """`_check_creditable` for many credits at once: one lock of the charges and one read of their credits."""
    asked: dict[str, list[Credit]] = {}
    for credit in credits:
        if credit.credits_source:
            asked.setdefault(credit.credits_source, []).append(credit)
    if not asked:
        return
    charges = {
        charge.source: charge
        for charge in InvoiceLine.objects.select_for_update()
        .filter(kind=LineKind.CHARGE, source__in=list(asked), invoice__partner=partner)
        .order_by("pk")
    }
    credited: dict[str, Decimal] = {}
    for line in InvoiceLine.objects.filter(kind=LineKind.CREDIT, credits_source__in=list(asked)):
        credited[line.credits_source] = credited.get(line.credits_source, Decimal(0)) - line_basis(line)
    for credits_source, group in asked.items():
        charge = charges.get(credits_source)
        if charge is None:
            raise BillingError(f"No charge {credits_source!r} to credit.")
        if any(credit.currency != charge.currency for credit in group):
            raise BillingError("A credit must be in the currency of the charge it credits.")
        if credited.get(credits_source, Decimal(0)) + sum(c.amount for c in group) > line_basis(charge):
            raise BillingError("The credit exceeds what is left of the charge.")


def _check_creditable(*, partner, currency: str, credits_source: str, amount: Decimal) -> None:
    """Refuse a credit larger than what is left of the charge it credits (locks the charge row)."""
    charge = (
        InvoiceLine.objects.select_for_update()
        .filter(kind=LineKind.CHARGE, source=credits_source, invoice__partner=partner)
        .first()
    )
    if charge is None:
        raise BillingError(f"No charge {credits_source!r} to credit.")
    if charge.currency != currency:
        raise BillingError("A credit must be in the currency of the charge it credits.")
    credits = InvoiceLine.objects.filter(kind=LineKind.CREDIT, credits_source=credits_source)
    credited = sum((-line_basis(line) for line in credits), Decimal(0))
    if credited + amount > line_basis(charge):
        raise BillingError("The credit exceeds what is left of the charge.")


def line_basis(line: InvoiceLine) -> Decimal:
    """The amount before the tax rule: the total where prices include tax, else the subtotal."""
    return line.total if tax_rule(line.customer_country).inclusive else line.subtotal
