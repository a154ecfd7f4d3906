"""Support requests (Partner Center "service requests"), their notes and their private attachments.

A request belongs to one partner (and, when it is about a customer's purchase, to that customer).
Its `status` is what Partner Center shows (open, attention needed, closed); its `outcome` is what
support staff decided. The problem fields say what the request is about (a reservation, a software
order) so that approval can run the same services as self-service; the result fields keep what
that run did (amount credited, the refund, exchange or order it produced).
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    RESERVATION_REFUND = "reservation_refund", _("Reservation refund")
    RESERVATION_EXCHANGE = "reservation_exchange", _("Reservation exchange")
    RESERVATION_QUESTION = "reservation_question", _("Reservation question")
    SOFTWARE_CANCELLATION = "software_cancellation", _("CSP Purchase/Refund on behalf of customers")
    PARTNER_CENTER_PROBLEM = "partner_center_problem", _("Other Partner Center problem")


RESERVATION_KINDS = frozenset(
    {RequestKind.RESERVATION_REFUND, RequestKind.RESERVATION_EXCHANGE, RequestKind.RESERVATION_QUESTION}
)
# Kinds whose approval runs a money service (refund engine, exchange engine, software cancellation).
ACTIONABLE_KINDS = frozenset(
    {RequestKind.RESERVATION_REFUND, RequestKind.RESERVATION_EXCHANGE, RequestKind.SOFTWARE_CANCELLATION}
)


class Severity(models.TextChoices):
    MINIMAL = "minimal", _("Minimal")
    MODERATE = "moderate", _("Moderate")
    CRITICAL = "critical", _("Critical")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    ATTENTION_NEEDED = "attention_needed", _("Attention needed")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


class AuthorKind(models.TextChoices):
    PARTNER = "partner", _("Partner")
    STAFF = "staff", _("Support")
    SYSTEM = "system", _("System")


class RequestNumber(models.Model):
    """A database sequence that works on every backend: one row per request number handed out."""

    class Meta:
        verbose_name = _("request number")
        verbose_name_plural = _("request numbers")

    def __str__(self) -> str:
        return str(self.pk)


class SupportRequest(models.Model):
    partner = models.ForeignKey(
        "accounts.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="support_requests"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="support_requests",
        null=True,
        blank=True,
    )
    number = models.CharField(_("number"), max_length=16, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=RequestKind.choices)
    topic = models.CharField(_("support topic"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MINIMAL)
    status = models.CharField(_("status"), max_length=18, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_reason = models.TextField(_("outcome reason"), blank=True)
    # What the request is about.
    reservation_id = models.UUIDField(_("reservation id"), null=True, blank=True)
    reservation_order_id = models.UUIDField(_("reservation order id"), null=True, blank=True)
    refund_session_id = models.CharField(_("quote session id"), max_length=64, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    order_id = models.CharField(_("order id"), max_length=64, blank=True)
    subscription_id = models.CharField(_("subscription id"), max_length=64, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    amount_requested = models.DecimalField(
        _("amount requested"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    # How to reach the partner.
    contact_method = models.CharField(
        _("preferred contact method"), max_length=5, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_language = models.CharField(_("contact language"), max_length=10, default="en-US")
    contact_time_zone = models.CharField(_("contact time zone"), max_length=64, default="UTC")
    # Who and when (partner clock).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # What approval did.
    credited_amount = models.DecimalField(_("credited amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    credited_currency = models.CharField(_("credited currency"), max_length=3, blank=True)
    result_reference = models.CharField(_("result reference"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        indexes = [
            models.Index(fields=["partner", "status", "created_at"]),
            models.Index(fields=["partner", "customer", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=r"^[0-9]{16}$"), name="support_number_16_digits"),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(status="closed"), name="support_decided_requests_are_closed"
            ),
            models.CheckConstraint(
                condition=Q(credited_amount__isnull=True) | Q(outcome="approved"), name="support_credit_only_approved"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


class SupportNote(models.Model):
    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_kind = models.CharField(_("author kind"), max_length=8, choices=AuthorKind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"))
    asks_for_information = models.BooleanField(_("asks for information"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("support note")
        verbose_name_plural = _("support notes")

    def __str__(self) -> str:
        return f"{self.request.number}: {self.text[:40]}"

    @property
    def author_name(self) -> str:
        if self.author_kind == AuthorKind.SYSTEM or self.author is None:
            return str(AuthorKind(self.author_kind).label)
        return self.author.get_full_name() or self.author.get_username()


@deconstructible
class PrivateAttachmentStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT and without a URL: they leave only through the download view.

    The folder is read from settings at each use (not frozen at import), so tests can point it elsewhere.
    """

    def __init__(self) -> None:
        super().__init__()

    @property
    def base_location(self):
        return settings.SUPPORT_ATTACHMENT_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Support attachments have no public URL.")


def attachment_path(instance: "SupportAttachment", filename: str) -> str:
    """A random name: the user's file name is never a path on disk."""
    return f"{instance.request.partner_id}/{uuid.uuid4().hex}"


class SupportAttachment(models.Model):
    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="attachments"
    )
    note = models.ForeignKey(
        SupportNote,
        verbose_name=_("note"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), storage=PrivateAttachmentStorage(), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("support attachment")
        verbose_name_plural = _("support attachments")

    def __str__(self) -> str:
        return self.original_name
