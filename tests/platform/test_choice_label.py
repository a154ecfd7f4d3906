"""`choice_label` shows what get_FOO_display shows, in the active language, for choices and for other values."""

import pytest
from django.template import Context, Template
from django.utils import translation

from reservations.models import BillingPlan, Reservation, ReservationOrder, ReservedResourceType


def label(row, field: str) -> str:
    return Template("{% load choices %}{{ row|choice_label:field }}").render(Context({"row": row, "field": field}))


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("value", [*ReservedResourceType.values, "SomethingNew"])
def test_same_as_get_display_for_every_value(language, value):
    reservation = Reservation(reserved_resource_type=value)
    with translation.override(language):
        assert label(reservation, "reserved_resource_type") == reservation.get_reserved_resource_type_display()


def test_translated_at_render_time_not_when_first_built():
    order = ReservationOrder(billing_plan=BillingPlan.MONTHLY, term="P3Y")
    with translation.override("en"):
        english = label(order, "term")
    with translation.override("it"):
        italian = label(order, "term")
    assert (english, italian) == ("3 years", "3 anni")
