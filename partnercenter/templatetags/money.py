"""`{{ amount|money:currency }}`: the one way every page shows an amount (partnercenter.money.format_money)."""

from decimal import Decimal

from django import template
from django.utils.translation import get_language, to_locale

from partnercenter.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    """Rounded to the currency's minor unit and laid out in the active language; empty for no amount."""
    if amount is None or amount == "":
        return ""
    return format_money(Decimal(amount), str(currency), to_locale(get_language() or "en"))
