"""`{{ amount|money:currency }}`: an amount shown at its currency's minor unit, via the one rounding helper.

Thousands are always grouped in the language's style (12,887.94 / 12.887,94): invoice amounts are
read, compared and copied by people, and an ungrouped seven-digit figure is easy to misread.
"""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from partnercenter.money import MINOR_UNITS, round_money

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    if amount is None:
        return ""
    places = MINOR_UNITS.get(str(currency).upper(), 2)
    return number_format(
        round_money(Decimal(amount), str(currency)), decimal_pos=places, use_l10n=True, force_grouping=True
    )
