from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from customers.models import Customer, normalize_domain
from customers.services import CUSTOMER_FIELDS


class CustomerFilterForm(forms.Form):
    """The Customers list's search and market filter, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    market = forms.ChoiceField(label=_("Market"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].choices = [("", _("All markets")), *list(countries)]

    def criteria(self) -> dict[str, str]:
        """The filters that are valid, as selector arguments; a bad one is left out and shown as an error."""
        if not self.is_bound:
            return {"search": "", "market": ""}
        self.is_valid()
        return {"search": self.cleaned_data.get("q", ""), "market": self.cleaned_data.get("market", "")}


class CustomerForm(forms.ModelForm):
    """The dashboard's Add customer form: field rules come from the model, so the API agrees."""

    class Meta:
        model = Customer
        fields = CUSTOMER_FIELDS
        # Said before submitting, not only as errors after: these rules depend on the market or are final.
        help_texts = {
            "domain": _("For example contoso.onmicrosoft.com. It cannot be changed later."),
            "market": _("The billing address country; it decides prices and taxes and cannot be changed later."),
            "state": _("Required in the United States, Canada, Australia and Brazil."),
            "organization_registration_number": _(
                "Required, with a phone number, in Armenia, Azerbaijan, Belarus, Hungary, Kazakhstan, "
                "Kyrgyzstan, Moldova, Russia, Tajikistan, Ukraine and Uzbekistan."
            ),
        }

    def clean_domain(self):
        return normalize_domain(self.cleaned_data.get("domain", ""))
