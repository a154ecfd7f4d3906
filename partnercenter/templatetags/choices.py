"""`{{ row|choice_label:"field" }}`: a choice field's label, like `get_field_display`, without its per-call cost.

Django's get_FOO_display builds a dict of every (value, label) pair on each call, hashing each lazy
label, which translates it: on a list of rows that is every label of every choice field per row. Here
each field's value → label map is translated once per language and kept, so a row costs a dict lookup.
Translations do not change while the process runs; a test that changes the translation settings
empties the maps as Django empties its own catalogs.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.encoding import force_str
from django.utils.translation import get_language

register = template.Library()

_NOT_A_CHOICE = object()
# (model, field name, language) → (the field's attname, {value: translated label}).
_labels: dict[tuple, tuple[str, dict]] = {}


def _field_labels(model, field_name: str, language: str | None) -> tuple[str, dict]:
    field = model._meta.get_field(field_name)
    labels = {value: force_str(label, strings_only=True) for value, label in field.flatchoices}
    _labels[model, field_name, language] = field.attname, labels
    return field.attname, labels


@receiver(setting_changed)
def _forget_labels(*, setting, **kwargs) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _labels.clear()


@register.filter
def choice_label(row, field_name: str) -> str:
    """The label of the row's value for that field, or the value itself when it is not a choice (as Django does)."""
    model, language = type(row), get_language()
    attname, labels = _labels.get((model, field_name, language)) or _field_labels(model, field_name, language)
    value = getattr(row, attname)
    label = labels.get(value, _NOT_A_CHOICE)
    return force_str(value, strings_only=True) if label is _NOT_A_CHOICE else label
