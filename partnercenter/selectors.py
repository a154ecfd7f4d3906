"""Reads on platform tables, always scoped to the caller's partner."""

from datetime import datetime

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from partnercenter.models import AuditRecord

# Partner Center's audit record filter: the fields and operators it accepts on /auditrecords.
AUDIT_FILTER_FIELDS = {"CompanyName": "customer_name", "CustomerId": "customer_text", "ResourceType": "resource_type"}
AUDIT_FILTER_OPERATORS = {"substring": "icontains", "equals": "iexact"}


def audit_record_list(
    *, partner, start: datetime, end: datetime, field: str = "", value: str = "", operator: str = "equals"
) -> QuerySet[AuditRecord]:
    """The partner's audit records with start <= operationDate < end, optionally filtered.

    `field`/`operator` are Partner Center's names (CompanyName, substring, ...); the caller validates them.
    """
    records = AuditRecord.objects.filter(partner=partner, operation_date__gte=start, operation_date__lt=end)
    if field:
        column = AUDIT_FILTER_FIELDS[field]
        if column == "customer_text":
            records = records.annotate(customer_text=Cast("customer_id", CharField()))
        records = records.filter(**{f"{column}__{AUDIT_FILTER_OPERATORS[operator]}": value})
    return records
