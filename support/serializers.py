"""Partner Center's ServiceRequest and SupportTopic (reference §1.9), in camelCase, and the bodies the API reads.

Beyond Partner Center's fields a request carries what the simulator decides with: the customer, the
reservation or order it is about, and the outcome (approved, rejected, withdrawn) with the amount
credited. Files are listed (fileLinks) but uploaded only on the dashboard: the API takes JSON only.
"""

from django.core.validators import RegexValidator
from rest_framework import serializers

from customers.serializers import NO_NUL, StrictCharField
from partnercenter.api.schema import AttributesField
from support.models import Outcome, Severity, Status
from support.services.common import TEXT_LIMIT, TITLE_LIMIT
from support.topics import TOPICS

CURRENCY = RegexValidator(r"^([A-Z]{3})?$", "A three-letter ISO 4217 code in capitals.")


def _text(max_length: int, **kwargs):
    return StrictCharField(max_length=max_length, trim_whitespace=False, validators=[NO_NUL], **kwargs)


def _optional(max_length: int, **kwargs):
    return _text(max_length, required=False, allow_blank=True, **kwargs)


def lower_camel_keys(data):
    """Partner Center reads property names case-insensitively ("Title" = "title")."""
    if isinstance(data, dict):
        return {(k[:1].lower() + k[1:] if isinstance(k, str) else k): lower_camel_keys(v) for k, v in data.items()}
    return data


class SupportTopicSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    attributes = AttributesField("SupportTopic")


class OrganizationSerializer(serializers.Serializer):
    id = serializers.CharField(source="mpn_id")
    name = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    firstName = serializers.SerializerMethodField()
    lastName = serializers.SerializerMethodField()
    email = serializers.EmailField(source="contact_email")
    phoneNumber = serializers.CharField(source="contact_phone")
    preferredContactMethod = serializers.CharField(source="contact_method")
    language = serializers.CharField(source="contact_language")
    timeZone = serializers.CharField(source="contact_time_zone")

    def get_firstName(self, request) -> str:
        return request.contact_name.partition(" ")[0]

    def get_lastName(self, request) -> str:
        return request.contact_name.partition(" ")[2]


class NoteSerializer(serializers.Serializer):
    createdByName = serializers.CharField(source="author_name")
    createdDate = serializers.DateTimeField(source="created_at")
    text = serializers.CharField()
    asksForInformation = serializers.BooleanField(source="asks_for_information")


class FileInfoSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    fileName = serializers.CharField(source="original_name")
    contentType = serializers.CharField(source="content_type")
    size = serializers.IntegerField()
    createdDate = serializers.DateTimeField(source="created_at")


class ServiceRequestSerializer(serializers.Serializer):
    id = serializers.CharField(source="number")
    title = serializers.CharField()
    description = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.values)
    status = serializers.ChoiceField(choices=Status.values)
    supportTopicId = serializers.CharField(source="topic")
    supportTopicName = serializers.SerializerMethodField()
    organization = OrganizationSerializer(source="partner")
    primaryContact = ContactSerializer(source="*")
    customerTenantId = serializers.UUIDField(source="customer.tenant_id", allow_null=True, default=None)
    reservationId = serializers.UUIDField(source="reservation_id", allow_null=True)
    reservationOrderId = serializers.UUIDField(source="reservation_order_id", allow_null=True)
    orderId = serializers.CharField(source="order_id")
    subscriptionId = serializers.CharField(source="subscription_id")
    quantity = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    amountRequested = serializers.DecimalField(
        source="amount_requested", max_digits=18, decimal_places=2, allow_null=True
    )
    currency = serializers.CharField()
    countryCode = serializers.CharField(source="partner.country")
    createdDate = serializers.DateTimeField(source="created_at")
    lastModifiedDate = serializers.DateTimeField(source="updated_at")
    lastClosedDate = serializers.DateTimeField(source="closed_at", allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.values)
    outcomeReason = serializers.CharField(source="outcome_reason")
    creditedAmount = serializers.DecimalField(
        source="credited_amount", max_digits=18, decimal_places=2, allow_null=True
    )
    creditedCurrency = serializers.CharField(source="credited_currency")
    fileLinks = FileInfoSerializer(source="attachments.all", many=True)
    notes = NoteSerializer(source="notes.all", many=True)
    attributes = AttributesField("ServiceRequest")

    def get_supportTopicName(self, request) -> str:
        topic = next((topic for topic in TOPICS if topic.id == request.topic), None)
        return str(topic.name) if topic else ""


class ContactInputSerializer(serializers.Serializer):
    firstName = _text(100)
    lastName = _optional(100)
    email = serializers.EmailField(max_length=254)
    phoneNumber = _optional(40)


class ServiceRequestCreateSerializer(serializers.Serializer):
    """POST /servicerequests/{agent-locale}: the topic decides the kind of request (see supporttopics)."""

    title = _text(TITLE_LIMIT)
    description = _text(TEXT_LIMIT)
    severity = serializers.ChoiceField(choices=Severity.values)
    supportTopicId = serializers.ChoiceField(choices=[topic.id for topic in TOPICS])
    primaryContact = ContactInputSerializer()
    customerTenantId = serializers.UUIDField(required=False, help_text="Required for reservation and purchase topics.")
    reservationId = serializers.UUIDField(required=False, help_text="Required for reservation topics.")
    refundSessionId = _optional(64, help_text="The refund or exchange calculation (required for an exchange).")
    quantity = serializers.IntegerField(required=False, min_value=1)
    orderId = _optional(64, help_text="Required for the CSP Purchase/Refund topic.")
    subscriptionId = _optional(64)
    reason = _optional(TEXT_LIMIT)
    amountRequested = serializers.DecimalField(
        required=False, max_digits=15, decimal_places=2, min_value=0, coerce_to_string=False
    )
    currency = StrictCharField(max_length=3, required=False, allow_blank=True, validators=[CURRENCY])

    def to_internal_value(self, data):
        return super().to_internal_value(lower_camel_keys(data))

    def contact(self, locale: str) -> dict:
        person = self.validated_data["primaryContact"]
        return {
            "method": "email",
            "name": f"{person['firstName']} {person.get('lastName', '')}".strip(),
            "email": person["email"],
            "phone": person.get("phoneNumber", ""),
            "language": locale,
        }


class NewNoteSerializer(serializers.Serializer):
    text = _text(TEXT_LIMIT)


class ServiceRequestUpdateSerializer(serializers.Serializer):
    """PATCH: add a note (newNote), close (status "closed"), or both."""

    newNote = NewNoteSerializer(required=False)
    status = serializers.ChoiceField(choices=[Status.CLOSED], required=False)

    def to_internal_value(self, data):
        return super().to_internal_value(lower_camel_keys(data))

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError('Send newNote, status "closed", or both.')
        return attrs
