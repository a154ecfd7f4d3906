"""Forms of the support pages: they parse input only; support.services decides and refuses.

The reservation wizard has one form per step (Basics, Problem, Contact information, as in the Azure portal's
New support request); "Report a problem with Partner Center" is one form with optional attachments.
"""

from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from support.models import ContactMethod, RequestKind, Severity

CONTACT_LANGUAGES = [
    ("it-IT", "Italiano"),
    ("en-US", "English (United States)"),
    ("de-DE", "Deutsch"),
    ("fr-FR", "Français"),
    ("es-ES", "Español"),
]
TIME_ZONES = [(name, name) for name in sorted(available_timezones())]


class ContactFields(forms.Form):
    """Who Microsoft support calls back, and how (the wizard's step 3 and the report's contact section)."""

    contact_method = forms.ChoiceField(
        label=_("Preferred contact method"), choices=ContactMethod.choices, widget=forms.RadioSelect
    )
    contact_name = forms.CharField(label=_("Name"), max_length=200)
    contact_email = forms.EmailField(label=_("Email"), max_length=254)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_language = forms.ChoiceField(label=_("Language"), choices=CONTACT_LANGUAGES)
    contact_time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONES)

    def clean(self):
        data = super().clean()
        if data.get("contact_method") == ContactMethod.PHONE and not data.get("contact_phone"):
            self.add_error("contact_phone", _("Enter a phone number: you asked to be called."))
        return data

    def contact(self) -> dict:
        """The contact as support.services takes it (method, name, email, phone, language, time_zone)."""
        return {name.removeprefix("contact_"): self.cleaned_data[name] for name in ContactFields.base_fields}


class BasicsForm(forms.Form):
    """Step 1: the issue type (Billing) and the Azure subscription the reservation belongs to."""

    issue_type = forms.ChoiceField(label=_("Issue type"), choices=[("billing", _("Billing"))])
    subscription_id = forms.ChoiceField(label=_("Subscription"))
    title = forms.CharField(label=_("Summary"), max_length=200)

    def __init__(self, *args, subscriptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subscription_id"].choices = [
            (str(s.subscription_id), f"{s.friendly_name} ({s.subscription_id})") for s in subscriptions
        ]


class ProblemForm(forms.Form):
    """Step 2: Reservation management · Exchanges and refunds; the reservation and quote come from the page."""

    problem_type = forms.ChoiceField(
        label=_("Problem type"), choices=[("reservation_management", _("Reservation management"))]
    )
    category = forms.ChoiceField(
        label=_("Problem subtype"), choices=[("exchanges_and_refunds", _("Exchanges and refunds"))]
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    description = forms.CharField(label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


class ContactForm(ContactFields):
    """Step 3: contact information, then Create."""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files; each one is checked by support.services (size, type, name), not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


REPORT_KINDS = [
    (RequestKind.SOFTWARE_CANCELLATION, _("CSP Purchase/Refund on behalf of customers")),
    (RequestKind.PARTNER_CENTER_PROBLEM, _("Other Partner Center problem")),
]


class ReportProblemForm(forms.Form):
    """Report a problem with Partner Center (seed 001): details, the purchase concerned, contact, files."""

    kind = forms.ChoiceField(label=_("Issue type"), choices=REPORT_KINDS)
    severity = forms.ChoiceField(label=_("Impact"), choices=Severity.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The customer's tenant ID or domain, the order or subscription ID, the reason and the amount."),
    )
    customer = forms.CharField(label=_("Customer tenant ID or domain"), max_length=254, required=False)
    order_id = forms.CharField(label=_("Order ID"), max_length=64, required=False)
    subscription_id = forms.CharField(label=_("Subscription ID"), max_length=64, required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount_requested = forms.DecimalField(
        label=_("Amount requested"), max_digits=18, decimal_places=2, min_value=0, required=False
    )
    currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Za-z]{3}$",
        required=False,
        error_messages={"invalid": _("Enter a three-letter currency code, such as EUR.")},
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_email = forms.EmailField(label=_("Email"), max_length=254)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40)
    files = MultipleFileField(label=_("Add files"), help_text=_("Optional."))

    def contact(self) -> dict:
        return {name: self.cleaned_data[f"contact_{name}"] for name in ("name", "email", "phone")}

    def clean(self):
        data = super().clean()
        if data.get("amount_requested") is not None and not data.get("currency"):
            self.add_error("currency", _("Enter the currency of the amount requested."))
        if data.get("currency"):
            data["currency"] = data["currency"].upper()
        return data


class NoteForm(forms.Form):
    """A note on a request, with optional files (the request page)."""

    text = forms.CharField(label=_("Add a note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Add files"), help_text=_("Optional."))


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *statuses]
