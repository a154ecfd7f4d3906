from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from accounts import navigation
        from accounts.permissions import Capability
        from customers import tabs

        # The capability keeps the entry away from roles (and customer users) the list would answer 403.
        navigation.register(
            key="customers",
            label=_("Customers"),
            url_name="customers:list",
            order=10,
            capability=Capability.VIEW_CUSTOMERS,
        )
        tabs.register(key="profile", label=_("Profile"), url_name="customers:detail", order=0)
