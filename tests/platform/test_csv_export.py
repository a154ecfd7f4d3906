"""csv_text: OWASP's CSV injection guard, the one every CSV export uses."""

import pytest

from partnercenter.csv_export import csv_text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_a_formula_gets_a_leading_quote(start):
    assert csv_text(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize(
    ("value", "cell"), [("Alpha Srl", "Alpha Srl"), ("a=b", "a=b"), ("", ""), (None, ""), (3, "3")]
)
def test_other_values_are_written_as_they_are(value, cell):
    assert csv_text(value) == cell
