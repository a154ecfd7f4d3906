"""Platform resources in Partner Center's JSON: AuditRecord."""

import uuid

from rest_framework import serializers

from partnercenter.api.schema import AttributesField
from partnercenter.models import OperationStatus


class AuditRecordSerializer(serializers.Serializer):
    """Partner Center's AuditRecord."""

    id = serializers.UUIDField(source="record_id")
    partnerId = serializers.SerializerMethodField()
    customerId = serializers.UUIDField(source="customer_id", allow_null=True)
    customerName = serializers.CharField(source="customer_name")
    userPrincipalName = serializers.CharField(source="user_principal_name")
    applicationId = serializers.CharField(source="application_id")
    resourceType = serializers.CharField(source="resource_type")
    resourceOldValue = serializers.CharField(source="resource_old_value", help_text="JSON string.")
    resourceNewValue = serializers.CharField(source="resource_new_value", help_text="JSON string.")
    operationType = serializers.CharField(source="operation_type")
    originalCorrelationId = serializers.CharField(source="original_correlation_id")
    operationDate = serializers.DateTimeField(source="operation_date")
    operationStatus = serializers.ChoiceField(source="operation_status", choices=OperationStatus.values)
    customizedData = serializers.ListField(source="customized_data", child=serializers.DictField())
    attributes = AttributesField("AuditRecord")

    def get_partnerId(self, record) -> uuid.UUID:
        """The caller's partner (context "partner_id"): every record listed is theirs."""
        return self.context["partner_id"]
