"""round_money: the one rounding in the project, half up (away from zero) to each currency's minor unit."""

from decimal import Decimal

import pytest

from partnercenter.money import round_money


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("0.125", "EUR", "0.13"),  # half-even (Python's default) would give 0.12
        ("0.135", "EUR", "0.14"),
        ("-0.125", "EUR", "-0.13"),  # credits round like charges, away from zero
        ("0.1249", "EUR", "0.12"),
        ("2.5", "JPY", "3"),  # no minor unit
        ("-2.5", "JPY", "-3"),
        ("1.0005", "KWD", "1.001"),  # three decimals
        ("10", "usd", "10.00"),  # the code is case-insensitive
    ],
)
def test_half_up_to_the_currency_minor_unit(amount, currency, expected):
    rounded = round_money(Decimal(amount), currency)

    assert rounded == Decimal(expected)
    assert str(rounded) == expected


def test_floats_are_refused():
    with pytest.raises(TypeError, match="never float"):
        round_money(0.125, "EUR")
