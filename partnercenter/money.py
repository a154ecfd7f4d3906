"""Money: Decimal amounts with a currency beside them, rounded half up to the minor unit in one place,
and shown in the reader's language through Babel (CLDR), never through hand-kept tables."""

import functools
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import format_currency, get_currency_precision, get_currency_symbol


def minor_units(currency: str) -> int:
    """Decimal places of the currency's minor unit, as CLDR gives them (EUR 2, JPY 0, KWD 3; unknown codes 2)."""
    return get_currency_precision(currency.upper())


@functools.lru_cache(maxsize=512)  # CLDR's data does not change while the process runs
def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round an amount to the currency's minor unit, half up (the only rounding in the project)."""
    if not isinstance(amount, Decimal):
        raise TypeError("Money amounts must be Decimal, never float.")
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """An amount as a reader of `locale` writes it: "€25,775.88" in English, "25.775,88 €" in Italian.

    Rounded here first (half up), so Babel only lays out digits that are already final.
    """
    code = currency.upper()
    return _laid_out(str(round_money(amount, code)), code, locale)


@functools.lru_cache(maxsize=4096)
def _laid_out(rounded: str, currency: str, locale: str) -> str:
    """Babel's layout of an amount already rounded, kept: Babel takes ~15 µs an amount, and pages show the
    same prices again and again. Keyed by the amount's text, which is exact (sign and minor unit included)."""
    return format_currency(Decimal(rounded), currency, locale=_babel_locale(locale), currency_digits=True)


@functools.cache
def _babel_locale(identifier: str) -> Locale:
    """Babel's Locale for an identifier, parsed once rather than per amount."""
    return Locale.parse(identifier)


def currency_symbol(currency: str) -> str:
    """The symbol Partner Center's API returns beside a currency code (`currencySymbol`): "€", "$", "R$"."""
    return get_currency_symbol(currency.upper(), locale="en_US")
