"""/v1/auditrecords: Partner Center's activity log, read from the core's audit records."""

import json
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema

from accounts.api_base import PartnerAPIView
from accounts.permissions import Capability
from partnercenter import clock, selectors
from partnercenter.api.errors import ApiError
from partnercenter.api.pagination import paginate
from partnercenter.api.parsers import is_storable
from partnercenter.api.schema import COMMON_ERRORS, collection_of, error_responses, paging_parameters
from partnercenter.audit import AUDIT_DEFAULT_SPAN, audit_window_check
from partnercenter.serializers import AuditRecordSerializer

AUDIT_RECORDS = collection_of(AuditRecordSerializer, "AuditRecordCollection")


def _bad_request(description: str, error_name: str = "InvalidRequestInput") -> ApiError:
    return ApiError(400, 800002, description, error_name)


def _instant(value: str, name: str, *, end: bool = False) -> datetime:
    """'yyyy-mm-dd' (a whole day: start of it, or start of the next day for an end) or an ISO date-time."""
    try:
        parsed_date = parse_date(value)
        parsed = None if parsed_date else parse_datetime(value)
    except ValueError:
        parsed_date = parsed = None
    if isinstance(parsed_date, date):
        if end and parsed_date == date.max:
            raise _bad_request(f"{name} is out of range.", "InvalidDate")
        day = parsed_date + timedelta(days=1) if end else parsed_date
        return datetime.combine(day, time.min, tzinfo=UTC)
    if parsed is None:
        raise _bad_request(f"{name} must be a date (yyyy-mm-dd) or an ISO 8601 date-time.", "InvalidDate")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def _audit_filter(raw: str) -> dict:
    """Partner Center's filter: URL-encoded JSON {"Field", "Value", "Operator"}."""
    try:
        spec = json.loads(raw)
    except ValueError as exc:
        raise _bad_request("filter must be URL-encoded JSON.", "InvalidFilter") from exc
    if not isinstance(spec, dict) or not isinstance(spec.get("Value"), str) or not is_storable(spec["Value"]):
        raise _bad_request('filter must be {"Field": ..., "Value": "...", "Operator": ...}.', "InvalidFilter")
    field, operator = spec.get("Field"), spec.get("Operator", "equals")
    if not isinstance(field, str) or field not in selectors.AUDIT_FILTER_FIELDS:
        raise _bad_request(f"filter Field must be one of {', '.join(selectors.AUDIT_FILTER_FIELDS)}.", "InvalidFilter")
    if not isinstance(operator, str) or operator not in selectors.AUDIT_FILTER_OPERATORS:
        raise _bad_request("filter Operator must be substring or equals.", "InvalidFilter")
    return {"field": field, "value": spec["Value"], "operator": operator}


class AuditRecordListView(PartnerAPIView):
    required_capability = Capability.VIEW_ACTIVITY_LOG

    @extend_schema(
        operation_id="auditrecords_list",
        tags=["audit"],
        parameters=[
            OpenApiParameter("startDate", str, description="yyyy-mm-dd; default 30 days ago; at most 90 days ago."),
            OpenApiParameter("endDate", str, description="yyyy-mm-dd (inclusive day); default now."),
            OpenApiParameter(
                "filter",
                str,
                description='URL-encoded {"Field": CompanyName|CustomerId|ResourceType, "Value", '
                '"Operator": substring|equals}',
            ),
            *paging_parameters(),
        ],
        responses={
            200: AUDIT_RECORDS,
            **error_responses(400, *COMMON_ERRORS),
        },
    )
    def get(self, request):
        """Partner Center activity (audit records) in a window of the last 90 days, oldest first."""
        params = request.query_params
        now = clock.now(self.partner)
        start = _instant(params["startDate"], "startDate") if params.get("startDate") else now - AUDIT_DEFAULT_SPAN
        end = _instant(params["endDate"], "endDate", end=True) if params.get("endDate") else now + timedelta(seconds=1)
        audit_window_check(start=start, end=end, today=now.date())
        filters = _audit_filter(params["filter"]) if params.get("filter") else {}
        records = selectors.audit_record_list(partner=self.partner, start=start, end=end, **filters)
        context = {"partner_id": str(self.partner.tenant_id)}
        return paginate(request, records, AUDIT_RECORDS, order=("operation_date", "id"), context=context)
