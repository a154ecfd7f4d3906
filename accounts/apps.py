from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Partners and users")

    def ready(self):
        from accounts import navigation
        from accounts.permissions import Capability

        navigation.register(
            key="api_credentials",
            label=_("API credentials"),
            url_name="api_credentials:list",
            order=95,
            capability=Capability.MANAGE_API_CREDENTIALS,
        )
