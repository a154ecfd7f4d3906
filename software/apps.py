from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SoftwareConfig(AppConfig):
    name = "software"
    verbose_name = _("Software")

    def ready(self) -> None:
        from accounts import navigation
        from accounts.permissions import Capability
        from commerce import entitlements, fulfilment, subscriptions
        from customers import tabs
        from partnercenter import activity
        from software import effects, selectors, serializers, services  # noqa: F401 - registers effect handlers
        from software.activity_views import software_action_label

        activity.register("get_software_key", software_action_label)
        activity.register("get_software_download_link", software_action_label)

        fulfilment.register(
            "software", fulfilment.LineHandler(fulfil=services.purchases_fulfil, cancel=services.order_lines_cancel)
        )
        entitlements.register(
            "software",
            entitlements.EntitlementSource(rows=selectors.purchase_list, render=serializers.entitlement_render),
        )
        subscriptions.register(
            "software",
            subscriptions.SubscriptionSource(
                rows=selectors.subscription_list, get=selectors.subscription_get, render=serializers.subscription_render
            ),
        )
        tabs.register(
            key="software",
            label=_("Software"),
            url_name="software:customer_software",
            order=30,
            capability=Capability.VIEW_CUSTOMERS,
        )
        navigation.register(
            key="activity_log",
            label=_("Activity log"),
            url_name="activity_log:list",
            order=90,
            capability=Capability.VIEW_ACTIVITY_LOG,
            menu="settings",  # seed 001: the gear icon at the top right, then Activity log
        )
        navigation.register(
            key="my",  # the customer side (Microsoft 365 admin center): Billing > Your products > Software
            label=_("Billing"),
            url_name="my:software",
            order=100,
            capability=Capability.VIEW_OWN_SOFTWARE,
        )
