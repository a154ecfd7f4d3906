"""Money and terms in templates: amounts rounded to the currency's minor unit, grouped and localised, with
their code; ISO 8601 terms (P1Y) in words, so every commerce page names a term the same way."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from partnercenter.money import quantum, round_money

register = template.Library()

TERM_LABELS = {"": _("Perpetual"), "P1Y": _("1 year"), "P3Y": _("3 years")}


@register.simple_tag
def money(amount: Decimal, currency: str) -> str:
    """`{% money line.amount line.currency %}` → "25,775.88 EUR" (or "25.775,88 EUR" in Italian)."""
    rounded = round_money(Decimal(amount), currency)
    places = max(0, -quantum(currency).as_tuple().exponent)
    return f"{number_format(rounded, decimal_pos=places, force_grouping=True)} {currency}"


@register.filter
def term_label(term: str) -> str:
    """`{{ sku.term_duration|term_label }}` → "3 years"; an empty term is a perpetual licence."""
    return TERM_LABELS.get(term or "", term)
