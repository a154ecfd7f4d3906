"""/v1/simulation/clock: read, advance, freeze and resume the partner's simulation clock."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.api_base import PartnerAPIView
from accounts.permissions import Capability
from partnercenter import clock
from partnercenter.api.errors import ApiError
from partnercenter.api.idempotency import idempotent
from partnercenter.api.schema import COMMON_ERRORS, error_responses
from simulation import services
from simulation.serializers import ClockAdvanceRequestSerializer, ClockAdvanceSerializer, ClockSerializer


def _bad_request(description: str) -> ApiError:
    return ApiError(400, 800002, description, "InvalidRequestInput")


class ClockView(PartnerAPIView):
    required_capability = Capability.USE_SIMULATION_CLOCK

    @extend_schema(
        operation_id="simulation_clock",
        tags=["simulation"],
        responses={200: ClockSerializer, **error_responses(*COMMON_ERRORS)},
    )
    def get(self, request):
        """The partner's simulated "now" and whether the clock is frozen."""
        return Response(ClockSerializer(self.partner).data)


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
        now, processed = services.clock_advance_from_text(partner=self.partner, to=to, by=by)
        return Response(ClockAdvanceSerializer({"now": now, "processed": processed}).data)


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
        return Response(ClockSerializer(self.partner).data)


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
        return Response(ClockSerializer(self.partner).data)
