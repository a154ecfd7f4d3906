"""How reservation pages name a status, a percentage and a region, the same way on every page."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Azure's displayProvisioningState values the simulator shows, with the badge class of each.
STATUS_LABELS = {
    "Succeeded": (_("Succeeded"), "ok"),
    "Expiring": (_("Expiring"), "warn"),
    "Expired": (_("Expired"), ""),
    "Cancelled": (_("Cancelled"), "err"),
}


@register.inclusion_tag("reservations/_status.html")
def reservation_status(state: str):
    """`{% reservation_status reservation.display %}` → a badge with the translated status."""
    label, badge = STATUS_LABELS.get(state, (state, ""))
    return {"label": label, "badge": badge}


@register.filter
def percent(value) -> str:
    """`{{ 87.456|percent }}` → "87.5%" ("87,5%" in Italian); nothing recorded → "–"."""
    if value in (None, ""):
        return "–"
    return f"{number_format(Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP), decimal_pos=1)}%"
