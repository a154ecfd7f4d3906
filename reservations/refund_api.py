"""The partner's refund policy profile on the /v1 API (a simulator extra): read it, or switch seed/current."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from accounts.api_base import PartnerAPIView
from accounts.permissions import Capability
from partnercenter.api.idempotency import idempotent
from partnercenter.api.schema import COMMON_ERRORS, error_responses
from reservations import policy, refund_selectors
from reservations.models import RefundPolicyProfile
from reservations.services.refunds import refund_policy_set


class RefundPolicyInSerializer(serializers.Serializer):
    policyProfile = serializers.ChoiceField(
        choices=RefundPolicyProfile.values,
        help_text="seed: a 12 % early termination fee; current: no fee.",
    )


class RefundPolicySerializer(serializers.Serializer):
    policyProfile = serializers.ChoiceField(choices=RefundPolicyProfile.values)
    earlyTerminationFeePercent = serializers.DecimalField(max_digits=5, decimal_places=2)
    refundLimitUsd = serializers.DecimalField(max_digits=12, decimal_places=2)
    refundWindowDays = serializers.IntegerField()


def _policy_body(profile: str) -> dict:
    return {
        "policyProfile": profile,
        "earlyTerminationFeePercent": policy.FEE_PERCENT[profile],
        "refundLimitUsd": policy.CAP_USD,
        "refundWindowDays": policy.CAP_WINDOW.days,
    }


class RefundPolicyView(PartnerAPIView):
    def get_required_capability(self, method: str) -> Capability:
        return Capability.MANAGE_RESERVATIONS if method == "PUT" else Capability.VIEW_RESERVATIONS

    @extend_schema(
        operation_id="reservations_refundpolicy_get",
        tags=["reservations"],
        responses={200: RefundPolicySerializer, **error_responses(*COMMON_ERRORS)},
    )
    def get(self, request):
        """The partner's refund policy profile, its fee, and the per-customer refund limit."""
        return Response(RefundPolicySerializer(_policy_body(refund_selectors.policy_profile_for(self.partner))).data)

    @extend_schema(
        operation_id="reservations_refundpolicy_put",
        tags=["reservations"],
        parameters=[OpenApiParameter("MS-RequestId", str, OpenApiParameter.HEADER, description="Idempotency key.")],
        request=RefundPolicyInSerializer,
        responses={200: RefundPolicySerializer, **error_responses(400, *COMMON_ERRORS, 409)},
    )
    @idempotent
    def put(self, request):
        """Switch the refund policy profile (audited as update_refund_policy)."""
        body = RefundPolicyInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        settings_row = refund_policy_set(
            partner=self.partner, actor=request.user, profile=body.validated_data["policyProfile"]
        )
        return Response(RefundPolicySerializer(_policy_body(settings_row.policy_profile)).data)
