"""Forms of the Refund and Exchange pages: they only parse input; the engine checks quantities, families,
values and the cap, and its refusals come back as form errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reservations.models import BillingPlan

RETURN_REASONS = [
    ("PurchasedWrongProduct", _("Purchased the wrong product")),
    ("NoLongerNeeded", _("No longer needed")),
    ("MovingToAnotherService", _("Moving to another service")),
    ("Other", _("Other")),
]


class RefundQuoteForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity to return"), min_value=1)

    def __init__(self, *args, reservation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].initial = reservation.quantity


class ReturnForm(forms.Form):
    session_id = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=RETURN_REASONS)


class ExchangeQuoteForm(forms.Form):
    quantity_returned = forms.IntegerField(label=_("Quantity to return"), min_value=1)
    catalog_item_id = forms.ChoiceField(label=_("New reservation"))
    quantity = forms.IntegerField(label=_("Quantity to buy"), min_value=1, max_value=1000, initial=1)
    billing_plan = forms.ChoiceField(label=_("Billing plan"), choices=BillingPlan.choices)
    subscription_id = forms.ChoiceField(label=_("Azure subscription"))

    def __init__(self, *args, reservation, offers, subscriptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity_returned"].initial = reservation.quantity
        self.fields["catalog_item_id"].choices = [
            (
                offer.catalog_item_id,
                f"{offer.sku.title} · {offer.sku.term_duration} · {offer.unit_price:.2f} {offer.price.currency}",
            )
            for offer in offers
        ]
        self.fields["subscription_id"].choices = [
            (str(subscription.subscription_id), subscription.friendly_name) for subscription in subscriptions
        ]


class ExchangeConfirmForm(forms.Form):
    session_id = forms.UUIDField(widget=forms.HiddenInput)
