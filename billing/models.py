"""Monthly invoices and their lines: an append-only ledger of charges and credits.

An invoice belongs to one partner and one currency and covers one calendar month (UTC) of the
partner's clock. While it is open it collects lines; at the period end it is issued (numbered) and
never changes again. Totals are not stored: they are sums over the lines, so "invoice total ==
sum of line totals" holds by construction. The database refuses a second open invoice per
partner and currency, a second credit for the same source, and any change to an issued invoice.
"""

from datetime import UTC, timedelta

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

# Stored with four decimals so any currency's minor unit fits; every stored amount is already
# rounded by partnercenter.money.round_money, which is also how pages and the API present them.
AMOUNT = {"max_digits": 18, "decimal_places": 4}


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ISSUED = "issued", _("Issued")


class LineKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    CREDIT = "credit", _("Credit")


class ChargeType(models.TextChoices):
    """Partner Center's one-time (new commerce) charge types, plus the refund of a reservation."""

    NEW = "new", "new"
    RENEW = "renew", "renew"
    CYCLE_CHARGE = "cycleCharge", "cycleCharge"
    ADD_QUANTITY = "addQuantity", "addQuantity"
    EXTEND_TERM = "extendTerm", "extendTerm"
    CONVERT = "convert", "convert"
    CHANGE_BILLING_PLAN = "changeBillingPlan", "changeBillingPlan"
    REMOVE_QUANTITY = "removeQuantity", "removeQuantity"
    CANCEL_IMMEDIATE = "cancelImmediate", "cancelImmediate"
    CUSTOMER_CREDIT = "customerCredit", "customerCredit"
    REFUND = "refund", "refund"


CHARGE_TYPES = frozenset(
    {
        ChargeType.NEW,
        ChargeType.RENEW,
        ChargeType.CYCLE_CHARGE,
        ChargeType.ADD_QUANTITY,
        ChargeType.EXTEND_TERM,
        ChargeType.CONVERT,
        ChargeType.CHANGE_BILLING_PLAN,
    }
)
CREDIT_TYPES = frozenset(
    {ChargeType.REMOVE_QUANTITY, ChargeType.CANCEL_IMMEDIATE, ChargeType.CUSTOMER_CREDIT, ChargeType.REFUND}
)


class Invoice(models.Model):
    partner = models.ForeignKey(
        "accounts.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="invoices"
    )
    currency = models.CharField(_("currency"), max_length=3)
    billing_period_start = models.DateTimeField(_("billing period start"), help_text=_("First instant (UTC)."))
    billing_period_end = models.DateTimeField(
        _("billing period end"), help_text=_("First instant after the period (UTC): when the invoice is issued.")
    )
    status = models.CharField(_("status"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN)
    number = models.CharField(_("invoice number"), max_length=20, blank=True, help_text=_("Assigned when issued."))
    issued_at = models.DateTimeField(_("invoice date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The totals at issue, written by the database in the UPDATE that issues the invoice (migration 0004): an
    # issued invoice takes no more lines, so lists read these instead of summing its lines. Null while open.
    issued_charges = models.DecimalField(_("charges at issue"), null=True, blank=True, editable=False, **AMOUNT)
    issued_credits = models.DecimalField(_("credits at issue"), null=True, blank=True, editable=False, **AMOUNT)
    issued_tax = models.DecimalField(_("tax at issue"), null=True, blank=True, editable=False, **AMOUNT)
    issued_amount = models.DecimalField(_("total at issue"), null=True, blank=True, editable=False, **AMOUNT)

    class Meta:
        ordering = ["-billing_period_start", "currency", "id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "currency"],
                condition=Q(status="open"),
                name="one_open_invoice_per_partner_currency",
            ),
            models.UniqueConstraint(
                fields=["partner", "currency", "billing_period_start"], name="one_invoice_per_period_currency"
            ),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="unique_invoice_number"),
            models.CheckConstraint(
                condition=Q(status="open", number="", issued_at__isnull=True)
                | Q(status="issued", issued_at__isnull=False) & ~Q(number=""),
                name="issued_invoice_has_number_and_date",
            ),
            models.CheckConstraint(
                condition=Q(billing_period_end__gt=F("billing_period_start")), name="invoice_period_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["partner", "-billing_period_start"], name="invoice_partner_period")]

    def __str__(self) -> str:
        label = self.number or _("open")
        return f"{label} {self.billing_period_start:%Y-%m} {self.currency}"

    @property
    def is_open(self) -> bool:
        return self.status == InvoiceStatus.OPEN

    @property
    def billing_period_first_day(self):
        """The period's first calendar day (periods are UTC months, whatever the display time zone)."""
        return self.billing_period_start.astimezone(UTC).date()

    @property
    def billing_period_last_day(self):
        """The period's last calendar day, for display (the stored end is exclusive)."""
        return (self.billing_period_end.astimezone(UTC) - timedelta(days=1)).date()

    @staticmethod
    def number_for(pk: int) -> str:
        """Partner Center-style number: derived from the row id, so re-issuing yields the same number."""
        return f"G{pk:09d}"


class InvoiceLine(models.Model):
    """One charge (positive) or credit (negative) on an invoice; never edited once written."""

    invoice = models.ForeignKey(Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("What this line bills or credits, e.g. a cancelled order line.")
    )
    credits_source = models.CharField(
        _("credits source"),
        max_length=200,
        blank=True,
        help_text=_("For a credit: the source of the charge it credits."),
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="invoice_lines"
    )
    customer_name = models.CharField(_("customer name"), max_length=200)
    customer_domain = models.CharField(_("customer domain"), max_length=80)
    customer_country = models.CharField(_("customer country"), max_length=2)
    order_id = models.CharField(_("order id"), max_length=40, blank=True)
    product_id = models.CharField(_("product id"), max_length=20, blank=True)
    sku_id = models.CharField(_("SKU id"), max_length=10, blank=True)
    availability_id = models.CharField(_("availability id"), max_length=20, blank=True)
    product_name = models.CharField(_("product"), max_length=200)
    sku_name = models.CharField(_("SKU"), max_length=200, blank=True)
    charge_type = models.CharField(_("charge type"), max_length=20, choices=ChargeType.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), **AMOUNT)
    subtotal = models.DecimalField(_("subtotal"), **AMOUNT)
    tax = models.DecimalField(_("tax"), **AMOUNT)
    total = models.DecimalField(_("total"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    charged_at = models.DateTimeField(_("charged at"), help_text=_("In the partner's clock."))
    charge_start = models.DateTimeField(_("charge start"), null=True, blank=True)
    charge_end = models.DateTimeField(_("charge end"), null=True, blank=True)

    class Meta:
        ordering = ["invoice", "id"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(fields=["source"], condition=Q(kind="credit"), name="credit_once_per_source"),
            models.UniqueConstraint(fields=["source"], condition=Q(kind="charge"), name="charge_once_per_source"),
            # Rounded to the stored four places: exact on PostgreSQL's numeric, and true on SQLite (the `make run`
            # fallback), whose decimals are binary floats that need not add up exactly.
            models.CheckConstraint(
                condition=Q(total=Round(F("subtotal") + F("tax"), AMOUNT["decimal_places"])),
                name="line_total_is_subtotal_plus_tax",
            ),
            models.CheckConstraint(
                condition=Q(kind="charge", subtotal__gte=0, tax__gte=0) | Q(kind="credit", subtotal__lte=0, tax__lte=0),
                name="line_sign_follows_kind",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="line_has_source"),
        ]
        indexes = [
            # An invoice's lines in keyset order (pages, CSV, /v1 line items), and its totals read from the
            # index alone (billing.selectors.with_totals).
            models.Index(fields=["invoice", "id"], name="invoiceline_invoice_id"),
            models.Index(fields=["invoice", "kind"], include=["subtotal", "tax", "total"], name="invoiceline_totals"),
            models.Index(fields=["order_id"], name="invoiceline_order_id"),
            models.Index(fields=["credits_source"], condition=~Q(credits_source=""), name="invoiceline_credits_src"),
        ]

    def __str__(self) -> str:
        return f"{self.charge_type} {self.product_name} {self.total} {self.currency}"
