"""Software purchases (one per commerce order line), their product keys and signed download links.

The purchase is the software view of an order line: what was bought, when (partner clock), and the
state a partner sees. Keys are stored encrypted (software.crypto) and leave the database only
through the reveal service, which writes an audit record each time.
"""

import uuid
from datetime import datetime, timedelta

import isodate
from django.db import models
from django.utils.translation import gettext_lazy as _

from commerce.models import SkuKind


def term_end(start: datetime, term_duration: str) -> datetime | None:
    """Where a term (ISO 8601, e.g. P1Y) begun at `start` ends, in whole calendar days; None without a term."""
    if not term_duration:
        return None
    return start + timedelta(days=(start + isodate.parse_duration(term_duration) - start).days)


# Software purchases have no stored subscription id: theirs is derived from the order line they came from.
SUBSCRIPTION_ID_NAMESPACE = uuid.UUID("5b0f7b5e-9a4e-4c36-9d0c-2f4a7f0c1d11")


class CancellationPolicy(models.TextChoices):
    """Which published cancellation rules a partner's simulation follows (reference §3)."""

    LEGACY = "legacy", _("Legacy: 30 days for all software (perpetual 100%, subscriptions prorated)")
    CURRENT = "current", _("Current: subscriptions 7 days prorated, perpetual 30 days 100%")


class SoftwareSettings(models.Model):
    """Per-partner software settings; a partner without a row follows the legacy policy."""

    partner = models.OneToOneField(
        "accounts.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="software_settings"
    )
    cancellation_policy = models.CharField(
        _("cancellation policy"), max_length=10, choices=CancellationPolicy.choices, default=CancellationPolicy.LEGACY
    )

    class Meta:
        verbose_name = _("software settings")
        verbose_name_plural = _("software settings")

    def __str__(self) -> str:
        return f"{self.partner}: {self.get_cancellation_policy_display()}"


class PurchaseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CANCELLATION_PENDING = "cancellation_pending", _("Cancellation pending")
    CANCELLED = "cancelled", _("Cancelled")


class SoftwarePurchase(models.Model):
    """What one order line bought: a snapshot of the SKU at purchase time and its visible state."""

    order_line = models.OneToOneField(
        "commerce.OrderLine", verbose_name=_("order line"), on_delete=models.PROTECT, related_name="software_purchase"
    )
    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="software_purchases")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="software_purchases")
    product_title = models.CharField(_("product"), max_length=200)
    sku_title = models.CharField(_("SKU"), max_length=200)
    sku_kind = models.CharField(_("kind"), max_length=20, choices=SkuKind.choices)
    term_duration = models.CharField(_("term"), max_length=5, blank=True)
    publisher = models.CharField(_("publisher"), max_length=100, blank=True)
    versions = models.JSONField(_("versions"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    bitnesses = models.JSONField(_("bitness"), default=list)
    purchased_at = models.DateTimeField(_("purchased at"), help_text=_("The order's creation, partner clock."))
    status = models.CharField(_("status"), max_length=24, choices=PurchaseStatus.choices, default=PurchaseStatus.ACTIVE)
    cancel_requested_by = models.CharField(_("cancellation requested by"), max_length=254, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-purchased_at", "-id"]
        verbose_name = _("software purchase")
        verbose_name_plural = _("software purchases")
        indexes = [models.Index(fields=["partner", "customer", "purchased_at"])]

    def __str__(self) -> str:
        return f"{self.sku_title} ({self.order_line.order.order_id})"

    @property
    def expires_at(self) -> datetime | None:
        """When the subscription or plan ends (its charge ends then too); None for a perpetual licence."""
        if self.sku_kind == SkuKind.PERPETUAL:
            return None
        return term_end(self.purchased_at, self.term_duration)

    @property
    def subscription_id(self) -> uuid.UUID:
        """Partner Center's subscription id: the same for the same order line, whoever asks."""
        line = self.order_line
        return uuid.uuid5(SUBSCRIPTION_ID_NAMESPACE, f"{line.order.order_id}:{line.line_number}")

    @property
    def is_cancelled(self) -> bool:
        """What partners and customers see: a pending cancellation looks active until it takes effect."""
        return self.status == PurchaseStatus.CANCELLED


class ProductKey(models.Model):
    """One MAK product key per purchase and version (MAK keys do not depend on language or bitness)."""

    purchase = models.ForeignKey(SoftwarePurchase, on_delete=models.CASCADE, related_name="keys")
    version = models.CharField(_("version"), max_length=200)
    key_ciphertext = models.BinaryField(_("encrypted key"), editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("product key")
        verbose_name_plural = _("product keys")
        constraints = [models.UniqueConstraint(fields=["purchase", "version"], name="one_key_per_purchase_version")]

    def __str__(self) -> str:
        return f"{_('Product key')} · {self.version}"


class DownloadLink(models.Model):
    """A signed download link: only the SHA-256 of its random token is stored."""

    purchase = models.ForeignKey(SoftwarePurchase, on_delete=models.CASCADE, related_name="download_links")
    version = models.CharField(_("version"), max_length=200)
    language = models.CharField(_("language"), max_length=60)
    bitness = models.CharField(_("bitness"), max_length=10)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_by = models.CharField(_("created by"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), help_text=_("Wall-clock time: links are tokens, not rules."))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("download link")
        verbose_name_plural = _("download links")

    def __str__(self) -> str:
        return f"{self.version} · {self.language} · {self.bitness}"
