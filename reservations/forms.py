"""Forms of the reservation pages: the purchase (Add products → Azure reservations), the Azure subscription
to add, Configuration, and a role assignment. They check the shape of the input; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commerce.services import MAX_LINE_QUANTITY
from reservations.errors import InvalidDisplayName
from reservations.models import AppliedScopeType, BillingPlan, ReservationRoleAssignment, ReservedResourceType, Term
from reservations.services.validation import display_name_clean

NAME_MAX_LENGTH = 64


def _display_name(value: str) -> str:
    """The services' one rule for a reservation name, checked on the form so the review step shows it too."""
    try:
        return display_name_clean(value)
    except InvalidDisplayName as error:
        raise forms.ValidationError(error.description, code="invalid_name") from error


def _sorted_choices(pairs) -> list[tuple[str, str]]:
    return sorted(set(pairs), key=lambda pair: str(pair[1]))


class ReservationTypeForm(forms.Form):
    """Step one of the purchase: the reservation type, which decides the SKUs offered."""

    reserved_resource_type = forms.ChoiceField(
        label=_("Reservation type"), widget=forms.Select(attrs={"data-autosubmit": "true"})
    )

    def __init__(self, *args, offers, **kwargs):
        kwargs.setdefault("auto_id", "type_%s")  # the purchase form below carries the same field, hidden
        super().__init__(*args, **kwargs)
        labels = dict(ReservedResourceType.choices)
        types = {offer.sku.attributes.get("reservedResourceType") for offer in offers}
        self.fields["reserved_resource_type"].choices = [
            (value, labels[value]) for value in ReservedResourceType.values if value in types
        ]

    def chosen_type(self) -> str:
        """The valid type asked for, else the first one offered."""
        choices = [value for value, _label in self.fields["reserved_resource_type"].choices]
        asked = self.data.get("reserved_resource_type") if self.is_bound else None
        return asked if asked in choices else (choices[0] if choices else "")


class ReservationPurchaseForm(forms.Form):
    """What to buy: type, region, SKU, term, billing plan, quantity, the paying subscription and the scope."""

    reserved_resource_type = forms.CharField(widget=forms.HiddenInput)
    location = forms.ChoiceField(label=_("Region"))
    sku_name = forms.ChoiceField(label=_("SKU"))
    term = forms.ChoiceField(label=_("Term"), choices=Term.choices, initial=Term.P1Y)
    billing_plan = forms.ChoiceField(
        label=_("Billing plan"),
        choices=BillingPlan.choices,
        initial=BillingPlan.UPFRONT,
        help_text=_("Upfront: the whole term at once. Monthly: the same total in equal monthly payments."),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_LINE_QUANTITY,
        initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_LINE_QUANTITY}),
    )
    subscription = forms.ChoiceField(
        label=_("Azure subscription"), help_text=_("The customer's Azure subscription the reservation is billed to.")
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[
            (AppliedScopeType.SHARED, _("Shared: every Azure subscription of the customer")),
            (AppliedScopeType.SINGLE, _("Single subscription: only the subscription above")),
        ],
        initial=AppliedScopeType.SHARED,
        widget=forms.RadioSelect,
    )
    display_name = forms.CharField(
        label=_("Reservation name"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        help_text=_("Optional; the SKU's name when left empty. It can be changed later in Configuration."),
    )

    def __init__(self, *args, offers, reserved_resource_type: str, subscriptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = {o.sku.attributes.get("reservedResourceType") for o in offers}
        self.offers = [o for o in offers if o.sku.attributes.get("reservedResourceType") == reserved_resource_type]
        self.fields["reserved_resource_type"].initial = reserved_resource_type
        self.fields["location"].choices = _sorted_choices(
            (o.sku.attributes["armRegionName"], o.sku.attributes.get("region") or o.sku.attributes["armRegionName"])
            for o in self.offers
        )
        self.fields["sku_name"].choices = _sorted_choices(
            (o.sku.attributes["armSkuName"], self.sku_label(o)) for o in self.offers
        )
        self.fields["subscription"].choices = [
            (str(s.subscription_id), f"{s.friendly_name} ({s.subscription_id})") for s in subscriptions
        ]

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"]
        return _display_name(name) if name.strip() else ""

    @staticmethod
    def sku_label(offer) -> str:
        attributes = offer.sku.attributes
        return f"{attributes.get('skuDisplayName') or attributes['armSkuName']} · {offer.product.title}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reserved_resource_type") not in self.types:
            raise forms.ValidationError(_("Choose a reservation type from the list."), code="invalid_type")
        if self.errors:
            return cleaned
        self.offer = next(
            (
                offer
                for offer in self.offers
                if offer.sku.attributes.get("armRegionName") == cleaned["location"]
                and offer.sku.attributes.get("armSkuName") == cleaned["sku_name"]
                and offer.sku.term_duration == cleaned["term"]
            ),
            None,
        )
        if self.offer is None:
            raise forms.ValidationError(
                _("This SKU is not sold in the chosen region for the chosen term: choose another."), code="no_offer"
            )
        return cleaned

    def purchase_arguments(self) -> dict:
        """Keyword arguments for reservations.services.purchase.reservation_purchase (besides customer, actor)."""
        data = self.cleaned_data
        return {
            "catalog_item_id": self.offer.catalog_item_id,
            "quantity": data["quantity"],
            "subscription_id": data["subscription"],
            "scope": data["scope"],
            "billing_plan": data["billing_plan"],
            "display_name": data["display_name"],
        }

    def chosen_labels(self) -> dict:
        """The chosen values as the review step shows them."""
        data = self.cleaned_data
        return {
            field: dict(self.fields[field].choices).get(data[field], data[field])
            for field in ("location", "sku_name", "term", "billing_plan", "subscription", "scope")
        }


class AzureSubscriptionAddForm(forms.Form):
    friendly_name = forms.CharField(label=_("Subscription name"), max_length=NAME_MAX_LENGTH)


class AzurePlanForm(forms.Form):
    friendly_name = forms.CharField(
        label=_("Name of the first Azure subscription"),
        max_length=NAME_MAX_LENGTH,
        initial=_("Azure subscription 1"),
    )


class ReservationConfigurationForm(forms.Form):
    """Configuration: the scope and its subscription, the name, auto-renew and Azure Hybrid Benefit."""

    display_name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[
            (AppliedScopeType.SHARED, _("Shared: every Azure subscription of the customer")),
            (AppliedScopeType.SINGLE, _("Single subscription")),
        ],
        widget=forms.RadioSelect,
    )
    applied_subscription = forms.ChoiceField(
        label=_("Subscription"), required=False, help_text=_("Required for a single-subscription scope.")
    )
    renew = forms.BooleanField(label=_("Auto-renew"), required=False)
    hybrid_benefit = forms.BooleanField(
        label=_("Azure Hybrid Benefit"),
        required=False,
        help_text=_("The customer's Windows Server licences with Software Assurance cover these machines."),
    )

    def __init__(self, *args, subscriptions, hybrid_benefit_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applied_subscription"].choices = [("", _("Choose a subscription"))] + [
            (str(s.subscription_id), f"{s.friendly_name} ({s.subscription_id})") for s in subscriptions
        ]
        if not hybrid_benefit_allowed:
            del self.fields["hybrid_benefit"]

    def clean_display_name(self) -> str:
        return _display_name(self.cleaned_data["display_name"])

    @classmethod
    def initial_for(cls, reservation) -> dict:
        return {
            "display_name": reservation.display_name,
            "scope": reservation.applied_scope_type,
            "applied_subscription": str(reservation.applied_subscription.subscription_id)
            if reservation.applied_subscription
            else "",
            "renew": reservation.renew,
            "hybrid_benefit": reservation.hybrid_benefit,
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == AppliedScopeType.SINGLE and not cleaned.get("applied_subscription"):
            self.add_error("applied_subscription", _("Choose the subscription a single-subscription scope applies to."))
        if cleaned.get("scope") == AppliedScopeType.SHARED:
            cleaned["applied_subscription"] = ""
        return cleaned


class RoleAssignmentForm(forms.Form):
    """Access control (IAM): give a partner or customer user a role on the reservation."""

    role = forms.ChoiceField(label=_("Role"), choices=ReservationRoleAssignment._meta.get_field("role").choices)
    user = forms.ChoiceField(label=_("User"))

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.users = {str(user.pk): user for user in users}
        self.fields["user"].choices = [("", _("Choose a user"))] + [
            (str(user.pk), self.user_label(user)) for user in users
        ]

    @staticmethod
    def user_label(user) -> str:
        side = _("customer") if user.is_customer_user else _("partner")
        return f"{user.get_username()} ({side})"

    def chosen_user(self):
        return self.users[self.cleaned_data["user"]]
