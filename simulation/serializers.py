"""The simulation clock in the API's JSON."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnercenter import clock


class ClockSerializer(serializers.Serializer):
    """The partner's clock (instance: the partner)."""

    now = serializers.SerializerMethodField(help_text="The partner's simulated time.")
    frozen = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_now(self, partner):
        return serializers.DateTimeField().to_representation(clock.now(partner))

    def get_frozen(self, partner) -> bool:
        return partner.clock_frozen_at is not None


class ClockAdvanceRequestSerializer(serializers.Serializer):
    to = serializers.CharField(required=False, help_text="ISO 8601 date-time with offset, e.g. 2026-05-01T00:00:00Z.")
    by = serializers.CharField(required=False, help_text="ISO 8601 duration, e.g. P30D or PT15M or P1M.")


class ClockAdvanceSerializer(serializers.Serializer):
    """The advance's result (instance: {"now", "processed"})."""

    now = serializers.DateTimeField()
    processed = serializers.IntegerField(help_text="Scheduled effects that became due and ran.")
