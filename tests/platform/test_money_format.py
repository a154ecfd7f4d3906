"""format_money and the `money` filter: every page shows amounts through Babel, rounded half up first."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from partnercenter.money import currency_symbol, format_money, minor_units


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("25775.88", "EUR", "en", "€25,775.88"),
        ("25775.88", "EUR", "it", "25.775,88\xa0€"),
        ("0.125", "EUR", "en", "€0.13"),  # rounded half up before Babel lays it out (Babel alone is half even)
        ("-48.8", "EUR", "en", "-€48.80"),
        ("2078700", "JPY", "en", "¥2,078,700"),
        ("2.5", "jpy", "en", "¥3"),
        ("1.0005", "KWD", "en", "KWD1.001"),
        ("13858", "USD", "en_US", "$13,858.00"),
        ("23281.44", "AUD", "en", "A$23,281.44"),
    ],
)
def test_amounts_are_rounded_then_written_as_the_locale_writes_them(amount, currency, locale, expected):
    assert format_money(Decimal(amount), currency, locale) == expected


def test_amounts_that_compare_equal_but_read_differently_each_keep_their_layout():
    """format_money keeps Babel's layouts: 0.00 and -0.00, or 5 and 5.000 before rounding, are equal Decimals."""
    assert format_money(Decimal("0.001"), "USD", "en") == "$0.00"
    assert format_money(Decimal("-0.001"), "USD", "en") == "-$0.00"
    assert format_money(Decimal("5"), "KWD", "en") == format_money(Decimal("5.000"), "KWD", "en") == "KWD5.000"
    assert format_money(Decimal("5"), "USD", "it") == "5,00\xa0USD"


def test_floats_never_reach_the_page():
    with pytest.raises(TypeError, match="never float"):
        format_money(0.1, "EUR", "en")


def test_minor_units_and_symbols_come_from_cldr():
    assert [minor_units(code) for code in ("EUR", "JPY", "KWD", "XYZ")] == [2, 0, 3, 2]
    assert [currency_symbol(code) for code in ("EUR", "USD", "GBP", "BRL", "JPY")] == ["€", "$", "£", "R$", "¥"]


@pytest.mark.parametrize(("language", "expected"), [("en", "€12,887.94"), ("it", "12.887,94\xa0€")])
def test_the_money_filter_follows_the_active_language(language, expected):
    template = Template("{% load money %}{{ amount|money:currency }}|{{ missing|money:currency }}")

    with translation.override(language):
        shown = template.render(Context({"amount": Decimal("12887.94"), "currency": "EUR", "missing": None}))

    assert shown == f"{expected}|"
