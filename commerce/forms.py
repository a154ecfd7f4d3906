"""The Add products form: one quantity box per priced catalog item of the customer's market."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commerce.selectors import Offer
from commerce.services import MAX_LINE_QUANTITY


class OrderAddForm(forms.Form):
    """Quantities per offer; every offer with a quantity above zero becomes an order line."""

    def __init__(self, *args, offers: list[Offer], **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = offers
        for offer in offers:
            self.fields[self.field_name(offer)] = forms.IntegerField(
                label=offer.sku.title,
                required=False,
                min_value=0,
                max_value=MAX_LINE_QUANTITY,
                widget=forms.NumberInput(attrs={"min": 0, "max": MAX_LINE_QUANTITY, "class": "qty"}),
            )

    @staticmethod
    def field_name(offer: Offer) -> str:
        return f"qty_{offer.availability.availability_id}"

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(self.field_name(offer)) for offer in self.offers):
            raise forms.ValidationError(_("Enter a quantity for at least one product."), code="empty_order")
        return cleaned

    def line_items(self) -> list[dict]:
        """The order's line items, in catalog order, for commerce.services.order_create."""
        return [
            {
                "catalog_item_id": offer.catalog_item_id,
                "quantity": self.cleaned_data[self.field_name(offer)],
                "term_duration": offer.sku.term_duration,
            }
            for offer in self.offers
            if self.cleaned_data.get(self.field_name(offer))
        ]

    def rows(self):
        """(product, [(offer, bound quantity field)]) in catalog order, for the template's grouped table."""
        groups: dict = {}
        for offer in self.offers:
            groups.setdefault(offer.product, []).append((offer, self[self.field_name(offer)]))
        return list(groups.items())
