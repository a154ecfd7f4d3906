"""Reads of ARM's operation resources, scoped to the partner and the customer tenant of the URL."""

from arm.models import AsyncOperation
from partnercenter.api.arm_errors import ArmError


def operation_get(*, partner, tenant_id, operation_id) -> AsyncOperation:
    """The operation started under this tenant by this partner; anything else is 404."""
    operation = AsyncOperation.objects.filter(partner=partner, tenant_id=tenant_id, operation_id=operation_id).first()
    if operation is None:
        raise ArmError(404, "OperationNotFound", f"The operation '{operation_id}' was not found.")
    return operation


def operation_for_resource(*, partner, tenant_id, action: str, resource_id: str) -> AsyncOperation | None:
    """The latest operation of `action` on the resource, e.g. the PUT that created it (for replays)."""
    return (
        AsyncOperation.objects.filter(partner=partner, tenant_id=tenant_id, action=action, resource_id=resource_id)
        .order_by("-started_at", "-id")
        .first()
    )
