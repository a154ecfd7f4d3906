from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")

    def ready(self) -> None:
        from partnercenter import activity
        from support.activity import ACTIVITY_LABELS, activity_label

        for operation_type in ACTIVITY_LABELS:
            activity.register(operation_type, activity_label)

        # --- Pages (support-pages): the Support menu entry and the customer page's Service requests tab.
        from accounts import navigation
        from customers import tabs
        from support.access import SUPPORT_READ_CAPABILITY

        navigation.register(
            key="support",
            label=_("Support"),
            url_name="support:list",
            order=80,
            capability=SUPPORT_READ_CAPABILITY,
        )
        tabs.register(
            key="service_requests",
            label=_("Service requests"),
            url_name="support:customer_requests",
            order=70,
            capability=SUPPORT_READ_CAPABILITY,
        )
