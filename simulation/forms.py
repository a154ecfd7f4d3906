from django import forms
from django.utils.translation import gettext_lazy as _


class ClockAdvanceForm(forms.Form):
    """Advance by an ISO 8601 duration or to an ISO 8601 date-time: exactly one of the two."""

    by = forms.CharField(
        label=_("Advance by"), required=False, max_length=40, help_text=_("ISO 8601 duration, e.g. P30D, PT15M, P1M.")
    )
    to = forms.CharField(
        label=_("Advance to"),
        required=False,
        max_length=40,
        help_text=_("ISO 8601 date-time with time zone, e.g. 2026-05-01T00:00:00Z."),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("by")) == bool(data.get("to")):
            raise forms.ValidationError(_("Give exactly one of a duration or a date-time."))
        return data
