"""How reservation pages name a status, a percentage and a region, the same way on every page."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Azure's displayProvisioningState values the simulator shows, with the badge class of each.
STATUS_LABELS = {
    "Succeeded": (_("Succeeded"), "ok"),
    "Expiring": (_("Expiring"), "warn"),
    "Expired": (_("Expired"), ""),
    "Cancelled": (_("Cancelled"), "err"),
}


@register.simple_tag
def reservation_status(state: str) -> str:
    """`{% reservation_status reservation.display %}` → a badge with the translated status.

    Built here rather than by an included template: lists show one per row, and an inclusion tag's
    template and context per row cost more than the rest of the row's cell.
    """
    label, badge = STATUS_LABELS.get(state, (state, ""))
    return format_html('<span class="badge{}">{}</span>\n', f" {badge}" if badge else "", label)


@register.filter
def percent(value) -> str:
    """`{{ 87.456|percent }}` → "87.5%" ("87,5%" in Italian); nothing recorded → "–"."""
    if value in (None, ""):
        return "–"
    return f"{number_format(Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP), decimal_pos=1)}%"
