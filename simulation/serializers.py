"""The simulation clock in the API's JSON."""

from rest_framework import serializers


class ClockSerializer(serializers.Serializer):
    now = serializers.DateTimeField(help_text="The partner's simulated time.")
    frozen = serializers.BooleanField()


class ClockAdvanceRequestSerializer(serializers.Serializer):
    to = serializers.CharField(required=False, help_text="ISO 8601 date-time with offset, e.g. 2026-05-01T00:00:00Z.")
    by = serializers.CharField(required=False, help_text="ISO 8601 duration, e.g. P30D or PT15M or P1M.")


class ClockAdvanceSerializer(serializers.Serializer):
    now = serializers.DateTimeField()
    processed = serializers.IntegerField(help_text="Scheduled effects that became due and ran.")
