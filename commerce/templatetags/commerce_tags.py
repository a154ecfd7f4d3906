"""ISO 8601 terms (P1Y) in words, so every commerce page names a term the same way."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

TERM_LABELS = {"": _("Perpetual"), "P1Y": _("1 year"), "P3Y": _("3 years")}


@register.filter
def term_label(term: str) -> str:
    """`{{ sku.term_duration|term_label }}` → "3 years"; an empty term is a perpetual licence."""
    return TERM_LABELS.get(term or "", term)
