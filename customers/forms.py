from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, normalize_domain
from customers.services import CUSTOMER_FIELDS


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
