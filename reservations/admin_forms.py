"""The back office's "Buy Azure reservation" form: what an operator chooses; the rules are the purchase service's.

The form only collects choices: the market, the quantity, the subscription's owner, the term and the
scope are judged by `reservations.services.reservation_purchase`, whose refusal is shown on the field
it concerns.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from commerce.models import Availability, ProductType
from customers.models import Customer
from partnercenter.errors import DomainError
from partnercenter.pages import add_domain_error
from reservations.models import AppliedScopeType, AzureStatus, AzureSubscription, BillingPlan

TERMS = [("1Year", _("1 year")), ("3Years", _("3 years"))]

# Which field a refusal of the purchase service concerns (by its errorName); any other shows above the form.
FIELD_OF_REFUSAL = {
    "MarketNotAvailable": "customer",
    "InvalidCountry": "customer",
    "AzurePlanRequired": "customer",
    "CatalogItemNotFound": "availability",
    "PriceNotFound": "availability",
    "UnsupportedReservationTerm": "term",
    "InvalidBillingPlan": "billing_plan",
    "InvalidBillingCycle": "billing_plan",
    "InvalidQuantity": "quantity",
    "InvalidAzureSubscription": "azure_subscription",
    "InvalidScope": "scope",
    "InvalidDisplayName": "display_name",
}


class AvailabilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.sku.title} ({obj.catalog_item_id})"


class SubscriptionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.friendly_name} · {obj.customer} ({obj.subscription_id})"


class ReservationBuyForm(forms.Form):
    customer = forms.ModelChoiceField(
        label=_("Customer"), queryset=Customer.objects.select_related("partner").order_by("company_name", "id")
    )
    availability = AvailabilityChoiceField(
        label=_("SKU"),
        queryset=Availability.objects.filter(sku__product__product_type=ProductType.RESERVATION)
        .select_related("sku__product")
        .order_by("sku__product__title", "sku__sku_id"),
    )
    term = forms.ChoiceField(label=_("Term"), choices=TERMS)
    billing_plan = forms.ChoiceField(label=_("Billing plan"), choices=BillingPlan.choices)
    quantity = forms.IntegerField(label=_("Quantity"), initial=1)
    azure_subscription = SubscriptionChoiceField(
        label=_("Azure subscription"),
        queryset=AzureSubscription.objects.filter(status=AzureStatus.ACTIVE)
        .select_related("customer")
        .order_by("customer__company_name", "friendly_name", "id"),
        to_field_name="subscription_id",
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=AppliedScopeType.choices, initial=AppliedScopeType.SHARED)
    display_name = forms.CharField(label=_("Name"), required=False)

    def purchase_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "customer": data["customer"],
            "catalog_item_id": data["availability"].catalog_item_id,
            "duration": data["term"],
            "billing_plan": data["billing_plan"],
            "quantity": data["quantity"],
            "subscription_id": data["azure_subscription"].subscription_id,
            "scope": data["scope"],
            "display_name": data["display_name"],
        }

    def refusal_shown(self, error: DomainError) -> None:
        add_domain_error(self, error, FIELD_OF_REFUSAL.get(error.error_name))
