"""Customers in Partner Center's JSON shapes (Customer, CustomerCompanyProfile, CustomerBillingProfile).

The request serializers only check structure and types; the business rules (domain format,
market-dependent fields, unique domain) stay in `customers.services.customer_create`, shared with
the dashboard form. FIELD_PATHS maps each model field to its place in the Partner Center body, so
the service's errors point at the JSON path the integrator sent.
"""

from rest_framework import serializers

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


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, trim_whitespace=True, **kwargs)


class AddressSerializer(serializers.Serializer):
    firstName = _text()
    lastName = _text()
    addressLine1 = _text()
    addressLine2 = _text()
    city = _text()
    state = _text()
    postalCode = _text()
    country = _text(help_text="ISO 3166 two-letter code: the customer's market.")
    phoneNumber = _text()


class CompanyProfileSerializer(serializers.Serializer):
    domain = _text(help_text="e.g. contoso.onmicrosoft.com")
    companyName = _text()
    organizationRegistrationNumber = _text()


class BillingProfileSerializer(serializers.Serializer):
    firstName = _text()
    lastName = _text()
    email = _text()
    culture = _text(help_text="e.g. en-US")
    language = _text(help_text="e.g. en")
    companyName = _text()
    defaultAddress = AddressSerializer()


class CustomerCreateSerializer(serializers.Serializer):
    companyProfile = CompanyProfileSerializer()
    billingProfile = BillingProfileSerializer()

    def to_internal_value(self, data):
        return super().to_internal_value(_lower_camel_keys(data))

    def service_fields(self) -> dict:
        """The validated body as keyword arguments of `customer_create`."""
        company = self.validated_data["companyProfile"]
        billing = self.validated_data["billingProfile"]
        address = billing["defaultAddress"]
        culture = normalize_culture(billing.get("culture", ""))
        fields = {
            "domain": company.get("domain", ""),
            "organization_registration_number": company.get("organizationRegistrationNumber", ""),
            "company_name": billing.get("companyName") or company.get("companyName", ""),
            "first_name": billing.get("firstName") or address.get("firstName", ""),
            "last_name": billing.get("lastName") or address.get("lastName", ""),
            "email": billing.get("email", ""),
            "language": billing.get("language", "").lower(),
            "market": address.get("country", "").upper(),
            "address_line1": address.get("addressLine1", ""),
            "address_line2": address.get("addressLine2", ""),
            "city": address.get("city", ""),
            "state": address.get("state", ""),
            "postal_code": address.get("postalCode", ""),
            "phone_number": address.get("phoneNumber", ""),
        }
        if culture:
            fields["culture"] = culture
        return fields


def normalize_culture(value: str) -> str:
    """Partner Center accepts 'EN-US' as well as 'en-US'."""
    language, _, region = value.partition("-")
    return f"{language.lower()}-{region.upper()}" if region else value


def _lower_camel_keys(data):
    """Partner Center reads JSON property names case-insensitively ("CompanyProfile" = "companyProfile")."""
    if isinstance(data, dict):
        return {(k[:1].lower() + k[1:] if isinstance(k, str) else k): _lower_camel_keys(v) for k, v in data.items()}
    return data


def customer_json(customer, *, detail: bool = False) -> dict:
    """A Customer resource as Partner Center returns it."""
    tenant_id = str(customer.tenant_id)
    body = {
        "id": tenant_id,
        "companyProfile": {
            "tenantId": tenant_id,
            "domain": customer.domain,
            "companyName": customer.company_name,
            "organizationRegistrationNumber": customer.organization_registration_number,
            "attributes": {"objectType": "CustomerCompanyProfile"},
        },
        "billingProfile": {
            "firstName": customer.first_name,
            "lastName": customer.last_name,
            "email": customer.email,
            "culture": customer.culture,
            "language": customer.language,
            "companyName": customer.company_name,
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
            "attributes": {"objectType": "CustomerBillingProfile"},
        },
        "relationshipToPartner": customer.relationship_to_partner,
        "links": {"self": {"uri": f"/customers/{tenant_id}", "method": "GET", "headers": []}},
        "attributes": {"objectType": "Customer"},
    }
    if detail:
        body["allowDelegatedAccess"] = True
    return body


class CustomerSerializer(serializers.Serializer):
    """Documentation of the Customer resource (responses are built by `customer_json`)."""

    id = serializers.UUIDField()
    companyProfile = CompanyProfileSerializer()
    billingProfile = BillingProfileSerializer()
    relationshipToPartner = serializers.CharField()
    allowDelegatedAccess = serializers.BooleanField(required=False, help_text="Only on get-by-id.")
    links = serializers.DictField()
    attributes = serializers.DictField()
