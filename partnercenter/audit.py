"""Writing audit records: services call `audit_record_write` inside their own transaction."""

import json
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from partnercenter import clock, request_context
from partnercenter.errors import FixedCodeError
from partnercenter.models import AuditRecord, OperationStatus

# Partner Center keeps 90 days of activity and, asked without a start, answers the last 30 days.
# The /v1/auditrecords API and the Activity log page both read these.
AUDIT_RETENTION_DAYS = 90
AUDIT_DEFAULT_DAYS = 30
AUDIT_RETENTION = timedelta(days=AUDIT_RETENTION_DAYS)
AUDIT_DEFAULT_SPAN = timedelta(days=AUDIT_DEFAULT_DAYS)


class AuditWindowError(FixedCodeError):
    """An activity window outside what Partner Center keeps, or one that ends before it starts."""

    def __init__(self, description: str, *, error_name: str, field: str):
        super().__init__(description)
        self.error_name = error_name
        self.field = field  # the page's form field it concerns


def audit_window_check(*, start: datetime, end: datetime, today: date) -> None:
    """The one rule for both the /v1/auditrecords API and the Activity log page: [start, end) begins on or after
    the day AUDIT_RETENTION_DAYS before `today` (the partner's calendar) and ends after it begins."""
    first = today - AUDIT_RETENTION
    if start.date() < first:
        raise AuditWindowError(
            _("Activity is kept for %(days)s days: choose a start date on or after %(first)s.")
            % {"days": AUDIT_RETENTION_DAYS, "first": first},
            error_name="StartDateOutOfRange",
            field="start_date",
        )
    if end <= start:
        raise AuditWindowError(
            _("The end date must be on or after the start date."), error_name="InvalidDateRange", field="end_date"
        )


def _as_json(value) -> str:
    if value is None or value == "":
        return ""
    return value if isinstance(value, str) else json.dumps(value, default=str, sort_keys=True)


def actor_fields(actor) -> dict:
    """Who acted: a user (userPrincipalName) or an API application (applicationId)."""
    if actor is None:
        return {"user_principal_name": "system"}
    application_id = getattr(actor, "audit_application_id", None)
    if application_id:
        return {"application_id": str(application_id), "user_principal_name": getattr(actor, "audit_upn", "")}
    return {"user_principal_name": getattr(actor, "username", str(actor))}


def audit_record_build(
    *,
    partner,
    actor,
    operation_type: str,
    resource_type: str,
    customer=None,
    old_value=None,
    new_value=None,
    status: str = OperationStatus.SUCCEEDED,
    customized_data: dict | None = None,
    correlation_id: str = "",
    when=None,
) -> AuditRecord:
    """One audit record, not yet saved (`audit_record_write` saves one, `audit_records_write` many)."""
    return AuditRecord(
        partner=partner,
        customer_id=getattr(customer, "tenant_id", None),
        customer_name=getattr(customer, "company_name", ""),
        resource_type=resource_type,
        operation_type=operation_type,
        operation_status=status,
        operation_date=when or clock.now(partner),
        resource_old_value=_as_json(old_value),
        resource_new_value=_as_json(new_value),
        original_correlation_id=correlation_id or request_context.correlation_id.get(),
        customized_data=[{"key": k, "value": str(v)} for k, v in (customized_data or {}).items()],
        **actor_fields(actor),
    )


def audit_record_write(
    *,
    partner,
    actor,
    operation_type: str,
    resource_type: str,
    customer=None,
    old_value=None,
    new_value=None,
    status: str = OperationStatus.SUCCEEDED,
    customized_data: dict | None = None,
    correlation_id: str = "",
    when=None,
) -> AuditRecord:
    """Insert one audit record; call it inside the transaction of the action it records.

    `actor` is a User, an object with `audit_application_id` (an API credential), or None (the system).
    `customized_data` is a flat dict turned into Partner Center's [{key, value}] list.
    """
    record = audit_record_build(
        partner=partner,
        actor=actor,
        operation_type=operation_type,
        resource_type=resource_type,
        customer=customer,
        old_value=old_value,
        new_value=new_value,
        status=status,
        customized_data=customized_data,
        correlation_id=correlation_id,
        when=when,
    )
    record.save(force_insert=True)
    return record


def audit_records_write(records: list[AuditRecord]) -> list[AuditRecord]:
    """Insert many built records in one statement (set-based effects), inside the action's transaction."""
    return AuditRecord.objects.bulk_create(records)


@contextmanager
def refusals_audited(*, errors, partner, actor, operation_type: str, resource_type: str, customer=None, data=None):
    """Record a refused money action as a `failed` audit record, after its own transaction rolled back.

    Wrap a service's body, atomic block included: the refusal undoes the action's writes, then the
    failed record is written and the error re-raised. An enclosing transaction that rolls back takes
    the record with it, so every entry point of a money action wraps itself (nested wrappers that
    both see the refusal leave one record: the inner one rolls back with the outer transaction).
    """
    try:
        yield
    except errors as error:
        audit_record_write(
            partner=partner,
            actor=actor,
            operation_type=operation_type,
            resource_type=resource_type,
            customer=customer,
            status=OperationStatus.FAILED,
            new_value={
                "code": getattr(error, "code", None),
                "errorName": getattr(error, "error_name", ""),
                "description": getattr(error, "description", str(error)),
            },
            customized_data=data,
        )
        raise
