"""ARM's long-running operations: the resource an Azure client polls after a 202.

A PUT or PATCH that ARM declares long-running answers 202 with `Azure-AsyncOperation` (this row's status
resource) and `Location` (the resource it acts on). The row is scoped to the partner and the customer tenant
of the URL it was started under, so it reads 404 from anywhere else.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OperationStatus(models.TextChoices):
    """ARM's operation statuses: InProgress until a terminal one."""

    IN_PROGRESS = "InProgress", _("In progress")
    SUCCEEDED = "Succeeded", _("Succeeded")
    FAILED = "Failed", _("Failed")
    CANCELED = "Canceled", _("Canceled")


class AsyncOperation(models.Model):
    operation_id = models.UUIDField(_("operation id"), default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="azure_operations")
    tenant_id = models.UUIDField(_("customer tenant id"), help_text=_("The customer tenant of the URL it ran under."))
    action = models.CharField(
        _("action"), max_length=200, help_text=_("ARM's action name, e.g. Microsoft.Capacity/reservationOrders/write.")
    )
    resource_id = models.CharField(
        _("resource id"), max_length=400, help_text=_("The full resource id it acts on; its final state is read there.")
    )
    request_hash = models.CharField(
        _("request fingerprint"), max_length=64, blank=True, help_text=_("SHA-256 of the request body, for replays.")
    )
    status = models.CharField(_("status"), max_length=12, choices=OperationStatus.choices)
    started_at = models.DateTimeField(_("started at"), help_text=_("In the partner's clock."))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=100, blank=True)
    error_message = models.CharField(_("error message"), max_length=1024, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("Azure operation")
        verbose_name_plural = _("Azure operations")
        indexes = [models.Index(fields=["partner", "tenant_id", "resource_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="InProgress", ended_at__isnull=True)
                | ~Q(status="InProgress") & Q(ended_at__isnull=False),
                name="terminal_operation_has_end",
            ),
            models.CheckConstraint(
                condition=~Q(status="Failed") | ~Q(error_code=""), name="failed_operation_names_its_error"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.resource_id}: {self.status}"
