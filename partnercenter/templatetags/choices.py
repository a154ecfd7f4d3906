"""`{{ row|choice_label:"field" }}`: a choice field's label, like `get_field_display`, without its per-call cost.

Django's get_FOO_display builds a dict of every (value, label) pair on each call, hashing each lazy
label, which translates it: on a list of rows that is every label of every choice field per row. Here
the value → label map is built once per field and only the label shown is translated.
"""

import functools

from django import template
from django.utils.encoding import force_str

register = template.Library()


@functools.cache
def _labels(field) -> dict:
    return {value: label for value, label in field.flatchoices}


@register.filter
def choice_label(row, field_name: str) -> str:
    """The label of the row's value for that field, or the value itself when it is not a choice (as Django does)."""
    field = row._meta.get_field(field_name)
    value = getattr(row, field.attname)
    return force_str(_labels(field).get(value, value), strings_only=True)
