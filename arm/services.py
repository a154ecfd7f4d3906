"""Writes of ARM's operation resources: called inside the transaction of the change they report."""

from arm.models import AsyncOperation, OperationStatus
from partnercenter import clock


def operation_record(*, partner, tenant_id, action: str, resource_id: str, request_hash: str = "") -> AsyncOperation:
    """An operation that completed in the request that started it: Succeeded, started and ended now.

    Call it in the same transaction as the change, so a client that got the 202 always finds both.
    """
    now = clock.now(partner)
    return AsyncOperation.objects.create(
        partner=partner,
        tenant_id=tenant_id,
        action=action,
        resource_id=resource_id,
        request_hash=request_hash,
        status=OperationStatus.SUCCEEDED,
        started_at=now,
        ended_at=now,
    )
