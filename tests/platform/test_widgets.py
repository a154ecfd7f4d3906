"""LongSelect renders what Django's Select renders (whitespace between tags aside), without a template per option."""

import re

import pytest
from django import forms
from django.utils import translation
from django_countries import countries

from partnercenter.widgets import LongSelect


def compact(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", "IT", "CI", "nowhere"])
@pytest.mark.parametrize("language", ["en", "it"])
def test_the_same_markup_as_djangos_select(value, language):
    choices = [("", "All markets <any>"), *countries]
    attrs = {"id": "id_market", "class": "filter", "required": True, "disabled": False}
    with translation.override(language):
        ours = LongSelect(choices=choices).render("market", value, attrs=attrs)
        django = forms.Select(choices=choices).render("market", value, attrs=attrs)
    assert compact(ours) == compact(django)
    assert ('<option value="IT" selected>' in ours) == (value == "IT")
