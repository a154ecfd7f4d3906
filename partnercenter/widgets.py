"""Form widgets rendered in Python where Django's template per option costs more than the page around it."""

import html

from django import forms
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _escape(text) -> str:
    """Django's conditional_escape, without the lazy-string wrapper around its escape() (a call per option)."""
    if isinstance(text, Promise):
        text = str(text)
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


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
        options = []
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            selected = " selected" if key in chosen else ""
            chosen.discard(key)  # a single select marks its first match only
            options.append(f'<option value="{_escape(key)}"{selected}>{_escape(label)}</option>')
        # Safe: every value and label is escaped above, as format_html_join would (at a quarter of the cost).
        options_html = mark_safe("".join(options))  # noqa: S308
        return format_html('<select name="{}"{}>{}</select>', name, _attributes(final_attrs), options_html)
