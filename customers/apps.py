from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from customers import tabs
        from partnercenter import navigation

        navigation.register(key="customers", label=_("Customers"), url_name="customers:list", order=10)
        tabs.register(key="profile", label=_("Profile"), url_name="customers:detail", order=0)
