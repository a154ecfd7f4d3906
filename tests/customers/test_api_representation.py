"""The customer resource's direct to_representation gives exactly what DRF's generic walk of its fields gives."""

import json

import pytest
from rest_framework import serializers

from customers.serializers import CustomerSerializer
from tests.factories import CustomerFactory


def generic(customer, context) -> dict:
    """DRF's own field-by-field representation of the declared fields."""
    serializer = CustomerSerializer(customer, context=context)
    body = serializers.Serializer.to_representation(serializer, customer)
    if context.get("detail"):
        body["allowDelegatedAccess"] = True
    return json.loads(json.dumps(body))


@pytest.mark.django_db
@pytest.mark.parametrize("context", [{}, {"detail": True}])
@pytest.mark.parametrize(
    "profile",
    [
        {"market": "US", "state": "WA"},
        {"market": "IT", "state": "", "address_line2": "Scala B", "phone_number": "+39 02 1234567"},
        {"market": "RU", "organization_registration_number": "1234567890", "phone_number": "+7 495 1234567"},
        {"market": "JP", "culture": "ja-JP", "language": "ja", "relationship_to_partner": "advisor"},
    ],
)
def test_the_same_body_as_the_declared_fields(partner_a, profile, context):
    customer = CustomerFactory(partner=partner_a, **profile)
    fast = json.loads(json.dumps(CustomerSerializer(customer, context=context).data))
    assert fast == generic(customer, context)
    assert list(fast) == list(generic(customer, context))
    assert fast["billingProfile"]["defaultAddress"]["country"] == profile["market"]
