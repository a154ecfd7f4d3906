"""Money in templates: rounded to the currency's minor unit, grouped and localised, with its code."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from partnercenter.money import quantum, round_money

register = template.Library()


@register.simple_tag
def money(amount: Decimal, currency: str) -> str:
    """`{% money line.amount line.currency %}` → "25,775.88 EUR" (or "25.775,88 EUR" in Italian)."""
    rounded = round_money(Decimal(amount), currency)
    places = max(0, -quantum(currency).as_tuple().exponent)
    return f"{number_format(rounded, decimal_pos=places, force_grouping=True)} {currency}"
