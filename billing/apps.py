from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self):
        from accounts import navigation
        from accounts.permissions import Capability
        from billing import effects  # noqa: F401 - registers the scheduled effects

        navigation.register(
            key="billing", label=_("Billing"), url_name="billing:list", order=60, capability=Capability.VIEW_BILLING
        )
