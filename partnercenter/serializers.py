"""Platform resources in Partner Center's JSON: AuditRecord."""

from rest_framework import serializers


def audit_record_json(record, *, partner_id: str) -> dict:
    return {
        "id": str(record.record_id),
        "partnerId": partner_id,
        "customerId": str(record.customer_id) if record.customer_id else None,
        "customerName": record.customer_name,
        "userPrincipalName": record.user_principal_name,
        "applicationId": record.application_id,
        "resourceType": record.resource_type,
        "resourceOldValue": record.resource_old_value,
        "resourceNewValue": record.resource_new_value,
        "operationType": record.operation_type,
        "originalCorrelationId": record.original_correlation_id,
        "operationDate": record.operation_date.isoformat(),
        "operationStatus": record.operation_status,
        "customizedData": record.customized_data,
        "attributes": {"objectType": "AuditRecord"},
    }


class AuditRecordSerializer(serializers.Serializer):
    """Documentation of the AuditRecord resource (responses are built by `audit_record_json`)."""

    id = serializers.CharField()
    partnerId = serializers.UUIDField()
    customerId = serializers.UUIDField(allow_null=True)
    customerName = serializers.CharField()
    userPrincipalName = serializers.CharField()
    applicationId = serializers.CharField()
    resourceType = serializers.CharField()
    resourceOldValue = serializers.CharField(help_text="JSON string.")
    resourceNewValue = serializers.CharField(help_text="JSON string.")
    operationType = serializers.CharField()
    originalCorrelationId = serializers.CharField()
    operationDate = serializers.DateTimeField()
    operationStatus = serializers.ChoiceField(choices=["succeeded", "failed", "progress"])
    customizedData = serializers.ListField(child=serializers.DictField())
    attributes = serializers.DictField()
