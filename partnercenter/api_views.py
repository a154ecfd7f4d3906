"""/v1/auditrecords and /v1/simulation/clock (views; `partnercenter.api` is the package of API conventions)."""

import json
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.permissions import Capability
from partnercenter import clock, selectors
from partnercenter.api.base import PartnerAPIView
from partnercenter.api.errors import ApiError
from partnercenter.api.idempotency import idempotent
from partnercenter.api.pagination import paginate
from partnercenter.api.parsers import is_storable
from partnercenter.api.schema import COMMON_ERRORS, collection_of, error_responses, paging_parameters
from partnercenter.audit import AUDIT_DEFAULT_SPAN, AUDIT_RETENTION, AUDIT_RETENTION_DAYS
from partnercenter.clock_input import ClockInputError, advance
from partnercenter.serializers import (
    AuditRecordSerializer,
    ClockAdvanceRequestSerializer,
    ClockAdvanceSerializer,
    ClockSerializer,
    audit_record_json,
)


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
    if field not in selectors.AUDIT_FILTER_FIELDS:
        raise _bad_request(f"filter Field must be one of {', '.join(selectors.AUDIT_FILTER_FIELDS)}.", "InvalidFilter")
    if operator not in selectors.AUDIT_FILTER_OPERATORS:
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
            200: collection_of(AuditRecordSerializer, "AuditRecordCollection"),
            **error_responses(400, *COMMON_ERRORS),
        },
    )
    def get(self, request):
        """Partner Center activity (audit records) in a window of the last 90 days, oldest first."""
        params = request.query_params
        now = clock.now(self.partner)
        start = _instant(params["startDate"], "startDate") if params.get("startDate") else now - AUDIT_DEFAULT_SPAN
        end = _instant(params["endDate"], "endDate", end=True) if params.get("endDate") else now + timedelta(seconds=1)
        if start < now - AUDIT_RETENTION:
            raise _bad_request(f"startDate must be within the last {AUDIT_RETENTION_DAYS} days.", "StartDateOutOfRange")
        if end <= start:
            raise _bad_request("endDate must be after startDate.", "InvalidDateRange")
        filters = _audit_filter(params["filter"]) if params.get("filter") else {}
        records = selectors.audit_record_list(partner=self.partner, start=start, end=end, **filters)
        partner_id = str(self.partner.tenant_id)
        return paginate(
            request, records, lambda r: audit_record_json(r, partner_id=partner_id), order=("operation_date", "id")
        )


def _clock_json(partner) -> dict:
    return {"now": clock.now(partner).isoformat(), "frozen": partner.clock_frozen_at is not None}


class ClockView(PartnerAPIView):
    required_capability = Capability.USE_SIMULATION_CLOCK

    @extend_schema(
        operation_id="simulation_clock",
        tags=["simulation"],
        responses={200: ClockSerializer, **error_responses(*COMMON_ERRORS)},
    )
    def get(self, request):
        """The partner's simulated "now" and whether the clock is frozen."""
        return Response(_clock_json(self.partner))


class ClockAdvanceView(PartnerAPIView):
    required_capability = Capability.USE_SIMULATION_CLOCK

    @extend_schema(
        operation_id="simulation_clock_advance",
        tags=["simulation"],
        parameters=[OpenApiParameter("MS-RequestId", str, OpenApiParameter.HEADER, description="Idempotency key.")],
        request=ClockAdvanceRequestSerializer,
        responses={200: ClockAdvanceSerializer, **error_responses(400, *COMMON_ERRORS, 409)},
    )
    @idempotent
    def post(self, request):
        """Move the clock forward ("to" an instant or "by" a duration) and run every effect that became due."""
        if not isinstance(request.data, dict):
            raise _bad_request('Send {"to": "<ISO 8601 date-time>"} or {"by": "<ISO 8601 duration>"}.')
        to, by = request.data.get("to") or "", request.data.get("by") or ""
        if not isinstance(to, str) or not isinstance(by, str):
            raise _bad_request("'to' and 'by' must be strings.")
        try:
            now, processed = advance(partner=self.partner, to=to, by=by)
        except (ClockInputError, clock.ClockError) as error:
            raise _bad_request(str(error), "InvalidClockMove") from error
        return Response({"now": now.isoformat(), "processed": processed})


class ClockFreezeView(PartnerAPIView):
    required_capability = Capability.USE_SIMULATION_CLOCK

    @extend_schema(
        operation_id="simulation_clock_freeze",
        tags=["simulation"],
        request=None,
        responses={200: ClockSerializer, **error_responses(*COMMON_ERRORS)},
    )
    def post(self, request):
        """Stop the clock at its current instant (it then moves only when advanced)."""
        clock.clock_freeze(partner=self.partner)
        return Response(_clock_json(self.partner))


class ClockResumeView(PartnerAPIView):
    required_capability = Capability.USE_SIMULATION_CLOCK

    @extend_schema(
        operation_id="simulation_clock_resume",
        tags=["simulation"],
        request=None,
        responses={200: ClockSerializer, **error_responses(*COMMON_ERRORS)},
    )
    def post(self, request):
        """Let a frozen clock run again from where it stopped."""
        clock.clock_resume(partner=self.partner)
        return Response(_clock_json(self.partner))
