"""Refunds and exchanges of reservations: the policy profile, exchange rates, quotes and the refund ledger.

Imported by `reservations.models` (Django finds the models there). The ledger (`Refund`) is the
source of truth for the USD 50,000 cap: every refund and every exchange's refund is a row that
keeps the figures of the moment (amount, USD value at that day's rate, fee, price basis), so a
later catalog or rate edit never rewrites history. A customer's `RefundScope` row is what returns
lock before summing the window, so concurrent returns are checked one after the other.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

AMOUNT = {"max_digits": 18, "decimal_places": 4}


class RefundPolicyProfile(models.TextChoices):
    SEED = "seed", _("Seed: early termination fee of 12 percent")
    CURRENT = "current", _("Current: no early termination fee")


class RefundSettings(models.Model):
    """A partner's refund policy profile; a partner without a row follows the seed profile."""

    partner = models.OneToOneField(
        "accounts.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="refund_settings"
    )
    policy_profile = models.CharField(
        _("refund policy profile"),
        max_length=10,
        choices=RefundPolicyProfile.choices,
        default=RefundPolicyProfile.SEED,
    )

    class Meta:
        verbose_name = _("reservation refund settings")
        verbose_name_plural = _("reservation refund settings")

    def __str__(self) -> str:
        return f"{self.partner}: {self.get_policy_profile_display()}"


class ExchangeRate(models.Model):
    """Reference data: how many US dollars one unit of a currency is worth from `valid_from` on."""

    currency = models.CharField(_("currency"), max_length=3)
    valid_from = models.DateField(_("valid from"))
    usd_per_unit = models.DecimalField(_("USD per unit"), max_digits=18, decimal_places=8)

    class Meta:
        ordering = ["currency", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="one_rate_per_currency_and_day"),
            models.CheckConstraint(condition=Q(usd_per_unit__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="exchange_rate_iso_currency"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.usd_per_unit} USD ({self.valid_from})"


class RefundScope(models.Model):
    """One row per customer whose refunds are counted together: returns lock it, then sum the window."""

    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="refund_scopes")
    customer = models.OneToOneField(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="refund_scope"
    )

    class Meta:
        verbose_name = _("refund scope")
        verbose_name_plural = _("refund scopes")

    def __str__(self) -> str:
        return str(self.customer)


class QuoteKind(models.TextChoices):
    REFUND = "refund", _("Refund")
    EXCHANGE = "exchange", _("Exchange")


class RefundQuote(models.Model):
    """A calculated refund or exchange (Azure's session): what was shown, valid for a short while, used once."""

    session_id = models.UUIDField(_("session id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=QuoteKind.choices)
    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="refund_quotes")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="refund_quotes"
    )
    policy_profile = models.CharField(_("policy profile"), max_length=10, choices=RefundPolicyProfile.choices)
    currency = models.CharField(_("currency"), max_length=3)
    refund_amount = models.DecimalField(_("refund amount"), **AMOUNT)
    refund_amount_usd = models.DecimalField(_("refund amount (USD)"), **AMOUNT)
    purchase_amount = models.DecimalField(
        _("purchase amount"), **AMOUNT, default=0, help_text=_("Exchanges: the new reservations' total commitment.")
    )
    details = models.JSONField(
        _("details"), default=dict, help_text=_("Everything the quote showed: days, prices, fee, cap, purchases.")
    )
    created_at = models.DateTimeField(_("created at"), help_text=_("In the partner's clock."))
    expires_at = models.DateTimeField(_("expires at"))
    created_by = models.CharField(_("created by"), max_length=254)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("refund or exchange quote")
        verbose_name_plural = _("refund and exchange quotes")
        indexes = [models.Index(fields=["partner", "customer", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="quote_expires_later"),
            models.CheckConstraint(
                condition=Q(refund_amount__gte=0, refund_amount_usd__gte=0, purchase_amount__gte=0),
                name="quote_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.session_id}"


class Exchange(models.Model):
    """An exchange: refunds (outside the cap) plus purchases of the same family, at one instant."""

    exchange_id = models.UUIDField(_("exchange id"), default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="reservation_exchanges")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="reservation_exchanges"
    )
    quote = models.OneToOneField(
        RefundQuote, verbose_name=_("quote"), on_delete=models.PROTECT, related_name="exchange"
    )
    purchased_orders = models.ManyToManyField(
        "reservations.ReservationOrder", verbose_name=_("new reservation orders"), related_name="exchanged_for"
    )
    currency = models.CharField(_("currency"), max_length=3)
    refunds_total = models.DecimalField(_("refunds total"), **AMOUNT)
    purchases_total = models.DecimalField(_("purchases total"), **AMOUNT)
    exchanged_at = models.DateTimeField(_("exchanged at"), help_text=_("In the partner's clock."))
    actor = models.CharField(_("by"), max_length=254)

    class Meta:
        ordering = ["-exchanged_at", "-id"]
        verbose_name = _("reservation exchange")
        verbose_name_plural = _("reservation exchanges")
        constraints = [
            models.CheckConstraint(
                condition=Q(purchases_total__gte=models.F("refunds_total"), refunds_total__gte=0),
                name="exchange_buys_at_least_what_it_returns",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exchange_id}"

    @property
    def net_payable(self):
        return self.purchases_total - self.refunds_total


class Refund(models.Model):
    """One return of reservation quantity: the ledger row the cap sums and the credit is posted from."""

    refund_id = models.UUIDField(_("refund id"), default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="reservation_refunds")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="reservation_refunds"
    )
    reservation = models.ForeignKey(
        "reservations.Reservation", verbose_name=_("reservation"), on_delete=models.PROTECT, related_name="refunds"
    )
    quote = models.ForeignKey(RefundQuote, verbose_name=_("quote"), on_delete=models.PROTECT, related_name="refunds")
    exchange = models.ForeignKey(
        Exchange,
        verbose_name=_("exchange"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    counts_toward_cap = models.BooleanField(_("counts toward the cap"))
    policy_profile = models.CharField(_("policy profile"), max_length=10, choices=RefundPolicyProfile.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    days_used = models.PositiveIntegerField(_("days used"))
    days_left = models.PositiveIntegerField(_("days left"))
    unit_price_used = models.DecimalField(_("unit price used"), **AMOUNT)
    price_basis = models.CharField(_("price used"), max_length=10, help_text=_("purchase or current"))
    fee_amount = models.DecimalField(_("early termination fee"), **AMOUNT)
    amount = models.DecimalField(_("amount"), **AMOUNT, help_text=_("Credited, in the reservation's currency."))
    currency = models.CharField(_("currency"), max_length=3)
    amount_usd = models.DecimalField(_("amount (USD)"), **AMOUNT)
    usd_rate = models.DecimalField(_("USD per unit"), max_digits=18, decimal_places=8)
    refunded_at = models.DateTimeField(_("refunded at"), help_text=_("In the partner's clock."))
    actor = models.CharField(_("by"), max_length=254)
    reason = models.CharField(_("reason"), max_length=100, blank=True)
    credit_source = models.CharField(_("invoice line source"), max_length=200, unique=True)
    credited_at = models.DateTimeField(_("credited at"), null=True, blank=True)

    class Meta:
        ordering = ["-refunded_at", "-id"]
        verbose_name = _("reservation refund")
        verbose_name_plural = _("reservation refunds")
        indexes = [models.Index(fields=["customer", "refunded_at"], name="refund_cap_window")]
        constraints = [
            models.UniqueConstraint(fields=["quote", "reservation"], name="one_refund_per_quote_and_reservation"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="refund_quantity_positive"),
            models.CheckConstraint(
                condition=Q(amount__gte=0, fee_amount__gte=0, amount_usd__gte=0, unit_price_used__gte=0),
                name="refund_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(exchange__isnull=True, counts_toward_cap=True)
                | Q(exchange__isnull=False, counts_toward_cap=False, fee_amount=0),
                name="exchange_refunds_outside_cap_without_fee",
            ),
            models.CheckConstraint(condition=Q(price_basis__in=["purchase", "current"]), name="refund_price_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.refund_id} {self.amount} {self.currency}"
