"""Money: Decimal amounts with a currency beside them, rounded half up to the minor unit in one place."""

from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units for the currencies the simulator bills in; default is 2.
MINOR_UNITS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "HUF": 2, "BHD": 3, "KWD": 3}


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-MINOR_UNITS.get(currency.upper(), 2))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round an amount to the currency's minor unit, half up (the only rounding in the project)."""
    if not isinstance(amount, Decimal):
        raise TypeError("Money amounts must be Decimal, never float.")
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)
