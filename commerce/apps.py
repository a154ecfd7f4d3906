from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommerceConfig(AppConfig):
    name = "commerce"
    verbose_name = _("Catalog and orders")

    def ready(self) -> None:
        from accounts.permissions import Capability
        from commerce import add_products
        from customers import tabs

        tabs.register(
            key="orders",
            label=_("Order history"),
            url_name="commerce:order_history",
            order=40,
            capability=Capability.VIEW_CUSTOMERS,
        )
        add_products.register(
            key="software",
            label=_("Software"),
            url_name="commerce:order_add",
            order=10,
            capability=Capability.BUY_SOFTWARE,
        )
