"""Customers in Partner Center's JSON shapes (Customer, CustomerCompanyProfile, CustomerBillingProfile).

The request serializers only check structure and types; the business rules (domain format,
market-dependent fields, unique domain) stay in `customers.services.customer_create`, shared with
the dashboard form. FIELD_PATHS maps each model field to its place in the Partner Center body, so
the service's errors point at the JSON path the integrator sent.
"""

from django.core.validators import RegexValidator
from django_countries import countries
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from customers.models import (
    REGISTRATION_NUMBER_MARKETS,
    STATE_REQUIRED_MARKETS,
    Culture,
    Language,
    Relationship,
    domain_validator,
    phone_validator,
    postal_code_validator,
)
from partnercenter.api.schema import AttributesField, LinksField, link

FIELD_PATHS = {
    "domain": "companyProfile.domain",
    "organization_registration_number": "companyProfile.organizationRegistrationNumber",
    "company_name": "billingProfile.companyName",
    "first_name": "billingProfile.firstName",
    "last_name": "billingProfile.lastName",
    "email": "billingProfile.email",
    "culture": "billingProfile.culture",
    "language": "billingProfile.language",
    "market": "billingProfile.defaultAddress.country",
    "address_line1": "billingProfile.defaultAddress.addressLine1",
    "address_line2": "billingProfile.defaultAddress.addressLine2",
    "city": "billingProfile.defaultAddress.city",
    "state": "billingProfile.defaultAddress.state",
    "postal_code": "billingProfile.defaultAddress.postalCode",
    "phone_number": "billingProfile.defaultAddress.phoneNumber",
}


NO_NUL = RegexValidator(r"^[^\x00]*$", "Must not contain NUL characters.")


class StrictCharField(serializers.CharField):
    """A JSON string only: DRF's CharField turns numbers into text, which the schema does not allow."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def _text(max_length: int, *, pattern: RegexValidator = NO_NUL, **kwargs):
    """A required string: not empty, at most `max_length`, matching `pattern` (kept as sent)."""
    return StrictCharField(max_length=max_length, trim_whitespace=False, validators=[pattern], **kwargs)


def _optional(max_length: int, *, pattern: RegexValidator = NO_NUL, **kwargs):
    return _text(max_length, pattern=pattern, required=False, allow_blank=True, **kwargs)


def _optional_or_blank(validator: RegexValidator) -> RegexValidator:
    """The model's validator, also accepting "" (the field is optional in the body)."""
    return RegexValidator(f"^(?:{validator.regex.pattern.strip('^$')})?$", validator.message, validator.code)


DOMAIN = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9-]{0,62}\.[Oo][Nn][Mm][Ii][Cc][Rr][Oo][Ss][Oo][Ff][Tt]\.[Cc][Oo][Mm]$",
    domain_validator.message,
    domain_validator.code,
)


class CaseInsensitiveChoiceField(serializers.ChoiceField):
    """One of `choices`, read case-insensitively as Partner Center does ("IT-IT" is "it-IT")."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, **kwargs)
        self.by_folded = {str(choice).casefold(): choice for choice in self.choices}

    def to_internal_value(self, data):
        return super().to_internal_value(self.by_folded.get(str(data).casefold(), data))


class AddressSerializer(serializers.Serializer):
    firstName = _optional(100, help_text="Ignored: the billing profile's firstName is the customer's.")
    lastName = _optional(100, help_text="Ignored: the billing profile's lastName is the customer's.")
    addressLine1 = _text(200)
    addressLine2 = _optional(200)
    city = _text(100)
    state = _optional(50, help_text=f"Required in {', '.join(sorted(STATE_REQUIRED_MARKETS))}.")
    postalCode = _text(12, pattern=postal_code_validator)
    country = CaseInsensitiveChoiceField(
        [code for code, _name in countries], help_text="ISO 3166 two-letter code: the customer's market."
    )
    phoneNumber = _optional(
        20,
        pattern=_optional_or_blank(phone_validator),
        help_text=f"Required in {', '.join(sorted(REGISTRATION_NUMBER_MARKETS))}.",
    )


class CompanyProfileSerializer(serializers.Serializer):
    domain = _text(80, pattern=DOMAIN, help_text="e.g. contoso.onmicrosoft.com")
    companyName = _optional(200, help_text="Ignored: the billing profile's companyName is the customer's.")
    organizationRegistrationNumber = _optional(
        50, help_text=f"Required in {', '.join(sorted(REGISTRATION_NUMBER_MARKETS))}."
    )


class BillingProfileSerializer(serializers.Serializer):
    firstName = _text(100)
    lastName = _text(100)
    email = serializers.EmailField(max_length=254)
    culture = CaseInsensitiveChoiceField(Culture.values, required=False, help_text="e.g. en-US (default).")
    language = CaseInsensitiveChoiceField(Language.values, required=False, help_text="e.g. en (default).")
    companyName = _text(200)
    defaultAddress = AddressSerializer()


class CustomerCreateSerializer(serializers.Serializer):
    """The Add customer body; what the schema cannot say per field (market rules) is its anyOf."""

    companyProfile = CompanyProfileSerializer()
    billingProfile = BillingProfileSerializer()

    def to_internal_value(self, data):
        return super().to_internal_value(_lower_camel_keys(data))

    def service_fields(self) -> dict:
        """The validated body as keyword arguments of `customer_create`."""
        company = self.validated_data["companyProfile"]
        billing = self.validated_data["billingProfile"]
        address = billing["defaultAddress"]
        fields = {
            "domain": company["domain"],
            "organization_registration_number": company.get("organizationRegistrationNumber", ""),
            "company_name": billing["companyName"],
            "first_name": billing["firstName"],
            "last_name": billing["lastName"],
            "email": billing["email"],
            "market": address["country"],
            "address_line1": address["addressLine1"],
            "address_line2": address.get("addressLine2", ""),
            "city": address["city"],
            "state": address.get("state", ""),
            "postal_code": address["postalCode"],
            "phone_number": address.get("phoneNumber", ""),
        }
        for name in ("culture", "language"):
            if billing.get(name):
                fields[name] = billing[name]
        return fields


def _market_rule(markets, company: dict, address: dict) -> dict:
    """anyOf: the country is not one of `markets`, or the body has what those markets require."""

    def nested(company_properties, address_properties):
        body = {"defaultAddress": {"type": "object", "properties": address_properties}}
        if address_properties:
            body["defaultAddress"]["required"] = list(address_properties)
        schema = {"type": "object", "properties": {"billingProfile": {"type": "object", "properties": body}}}
        if company_properties:
            schema["properties"]["companyProfile"] = {
                "type": "object",
                "properties": company_properties,
                "required": list(company_properties),
            }
        return schema

    outside = nested({}, {"country": {"not": {"enum": sorted(markets)}}})
    outside["properties"]["billingProfile"]["properties"]["defaultAddress"].pop("required")
    return {"anyOf": [outside, nested(company, address)]}


class CustomerCreateSchema(OpenApiSerializerExtension):
    """Market rules of Customer.clean in the schema: a state in STATE_REQUIRED_MARKETS, a registration
    number and a phone number in REGISTRATION_NUMBER_MARKETS."""

    target_class = CustomerCreateSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        filled = {"type": "string", "minLength": 1}
        schema["allOf"] = [
            _market_rule(STATE_REQUIRED_MARKETS, {}, {"state": filled}),
            _market_rule(
                REGISTRATION_NUMBER_MARKETS,
                {"organizationRegistrationNumber": filled},
                {"phoneNumber": {"type": "string", "minLength": 1}},
            ),
        ]
        return schema


def _lower_camel_keys(data):
    """Partner Center reads JSON property names case-insensitively ("CompanyProfile" = "companyProfile")."""
    if isinstance(data, dict):
        return {(k[:1].lower() + k[1:] if isinstance(k, str) else k): _lower_camel_keys(v) for k, v in data.items()}
    return data


class CustomerCompanyProfileSerializer(serializers.Serializer):
    tenantId = serializers.UUIDField(source="tenant_id")
    domain = serializers.CharField()
    companyName = serializers.CharField(source="company_name")
    organizationRegistrationNumber = serializers.CharField(source="organization_registration_number")
    attributes = AttributesField("CustomerCompanyProfile")


class CustomerAddressSerializer(serializers.Serializer):
    country = serializers.CharField(source="market")
    city = serializers.CharField()
    state = serializers.CharField()
    addressLine1 = serializers.CharField(source="address_line1")
    addressLine2 = serializers.CharField(source="address_line2")
    postalCode = serializers.CharField(source="postal_code")
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    phoneNumber = serializers.CharField(source="phone_number")


class CustomerBillingProfileSerializer(serializers.Serializer):
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    email = serializers.CharField()
    culture = serializers.ChoiceField(choices=Culture.values)
    language = serializers.ChoiceField(choices=Language.values)
    companyName = serializers.CharField(source="company_name")
    defaultAddress = CustomerAddressSerializer(source="*")
    attributes = AttributesField("CustomerBillingProfile")


class CustomerSerializer(serializers.Serializer):
    """A Customer resource as Partner Center returns it; `allowDelegatedAccess` only on get-by-id
    and create (context "detail"). It renders a Customer or a row of ROW_FIELDS (`values_list(named=True)`)."""

    # Every column the representation reads: a list renders rows of these, without making Customer objects.
    ROW_FIELDS = (
        "id",
        "tenant_id",
        "domain",
        "company_name",
        "organization_registration_number",
        "first_name",
        "last_name",
        "email",
        "culture",
        "language",
        "market",
        "city",
        "state",
        "address_line1",
        "address_line2",
        "postal_code",
        "phone_number",
        "relationship_to_partner",
    )

    id = serializers.UUIDField(source="tenant_id")
    companyProfile = CustomerCompanyProfileSerializer(source="*")
    billingProfile = CustomerBillingProfileSerializer(source="*")
    relationshipToPartner = serializers.ChoiceField(source="relationship_to_partner", choices=Relationship.values)
    allowDelegatedAccess = serializers.BooleanField(required=False, help_text="Only on get-by-id and create.")
    links = LinksField(self=lambda customer, ctx: link(f"/customers/{customer.tenant_id}"))
    attributes = AttributesField("Customer")

    def to_representation(self, customer):
        """The fields declared above, read straight from the row: DRF's field-by-field walk (get_attribute,
        SkipField checks, nested serializers) was half the time of a 100-customer page. The declared fields
        stay the definition (schema, and tests/customers/test_api_representation.py proves both agree).
        It reads the declared (class) fields, not `self.fields`: binding those deep-copies every field of
        the three serializers on each request, for constants and one link."""
        declared = CustomerSerializer._declared_fields
        company = CustomerCompanyProfileSerializer._declared_fields
        billing = CustomerBillingProfileSerializer._declared_fields
        tenant_id = str(customer.tenant_id)
        company_name = customer.company_name
        body = {
            "id": tenant_id,
            "companyProfile": {
                "tenantId": tenant_id,
                "domain": customer.domain,
                "companyName": company_name,
                "organizationRegistrationNumber": customer.organization_registration_number,
                "attributes": company["attributes"].value,
            },
            "billingProfile": {
                "firstName": customer.first_name,
                "lastName": customer.last_name,
                "email": customer.email,
                "culture": customer.culture,
                "language": customer.language,
                "companyName": company_name,
                "defaultAddress": {
                    "country": str(customer.market),
                    "city": customer.city,
                    "state": customer.state,
                    "addressLine1": customer.address_line1,
                    "addressLine2": customer.address_line2,
                    "postalCode": customer.postal_code,
                    "firstName": customer.first_name,
                    "lastName": customer.last_name,
                    "phoneNumber": customer.phone_number,
                },
                "attributes": billing["attributes"].value,
            },
            "relationshipToPartner": customer.relationship_to_partner,
            "links": {rel: build(customer, self.context) for rel, build in declared["links"].builders.items()},
            "attributes": declared["attributes"].value,
        }
        if self.context.get("detail"):
            body["allowDelegatedAccess"] = True
        return body
