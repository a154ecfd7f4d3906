"""Form widgets rendered in Python where Django's template per option costs more than the page around it."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")


def _attributes(attrs: dict) -> str:
    """Django's widgets/attrs.html in Python: in order, `name="value"`, a bare name for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
            for key, value in attrs.items()
            if value is not False
        ),
    )


class LongSelect(forms.Select):
    """A single-choice select of many flat options (every country), rendered without a template per option.

    Django renders each <option> through its own template include: for the ~250 markets of the customer
    list's filter that was most of the page's time. The markup is Django's Select's, whitespace aside
    (tests/platform/test_widgets.py compares them).
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        rows = []
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            rows.append((key, SELECTED if key in chosen else "", label))
            chosen.discard(key)  # a single select marks its first match only
        options = format_html_join("", '<option value="{}"{}>{}</option>', rows)
        return format_html('<select name="{}"{}>{}</select>', name, _attributes(final_attrs), options)
