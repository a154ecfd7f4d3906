"""Platform tables: the insert-only audit trail and the scheduled (delayed) effects."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class OperationStatus(models.TextChoices):
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    PROGRESS = "progress", _("In progress")


class AuditRecord(models.Model):
    """Partner Center's AuditRecord. Insert-only: the database refuses UPDATE and DELETE."""

    record_id = models.UUIDField(_("record id"), default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="audit_records")
    customer_id = models.UUIDField(_("customer id"), null=True, blank=True)
    customer_name = models.CharField(_("customer name"), max_length=200, blank=True)
    user_principal_name = models.CharField(_("user"), max_length=254, blank=True)
    application_id = models.CharField(_("application id"), max_length=64, blank=True)
    resource_type = models.CharField(_("resource type"), max_length=40)
    operation_type = models.CharField(_("operation type"), max_length=60)
    operation_status = models.CharField(
        _("status"), max_length=12, choices=OperationStatus.choices, default=OperationStatus.SUCCEEDED
    )
    operation_date = models.DateTimeField(_("operation date"))
    resource_old_value = models.TextField(_("old value"), blank=True)
    resource_new_value = models.TextField(_("new value"), blank=True)
    original_correlation_id = models.CharField(_("correlation id"), max_length=64, blank=True)
    customized_data = models.JSONField(_("customized data"), default=list, blank=True)

    class Meta:
        ordering = ["-operation_date", "-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        indexes = [
            models.Index(fields=["partner", "operation_date"]),
            models.Index(fields=["partner", "operation_type", "operation_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.operation_type} {self.resource_type} {self.operation_date:%Y-%m-%d %H:%M}"


class ScheduledEffect(models.Model):
    """A delayed effect: the database row is the truth of what is due; Celery is only the fast path."""

    partner = models.ForeignKey("accounts.Partner", on_delete=models.CASCADE, related_name="scheduled_effects")
    kind = models.CharField(_("kind"), max_length=80)
    target = models.CharField(_("target"), max_length=120, help_text=_("Id of the row the effect applies to."))
    due_at = models.DateTimeField(_("due at"), help_text=_("In the partner's clock."))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("scheduled effect")
        verbose_name_plural = _("scheduled effects")
        constraints = [models.UniqueConstraint(fields=["kind", "target"], name="one_effect_per_kind_and_target")]
        indexes = [
            models.Index(fields=["due_at"], condition=models.Q(done_at__isnull=True), name="effect_pending_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}({self.target}) due {self.due_at:%Y-%m-%d %H:%M}"


class IdempotencyRecord(models.Model):
    """The first answer to a write sent with an MS-RequestId, replayed byte for byte on a retry.

    Written in the same transaction as the write's effect, so a crash leaves neither; `scope`
    names the caller (credential and user) so two applications never share keys.
    """

    partner = models.ForeignKey("accounts.Partner", on_delete=models.CASCADE, related_name="idempotency_records")
    credential = models.ForeignKey(
        "accounts.ApiCredential", on_delete=models.CASCADE, related_name="idempotency_records"
    )
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="idempotency_records"
    )
    scope = models.CharField(_("scope"), max_length=80, editable=False)
    key = models.CharField(_("MS-RequestId"), max_length=255)
    request_hash = models.CharField(_("request hash"), max_length=64)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    response_status = models.PositiveSmallIntegerField(_("response status"))
    response_body = models.BinaryField(_("response body"))
    response_headers = models.JSONField(_("response headers"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="one_idempotency_record_per_key")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
