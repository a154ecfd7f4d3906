from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReservationsConfig(AppConfig):
    name = "reservations"
    verbose_name = _("Azure reservations")

    def ready(self) -> None:
        from accounts import navigation
        from accounts.permissions import Capability
        from commerce import add_products, entitlements, fulfilment, subscriptions
        from customers import tabs
        from partnercenter import activity
        from reservations import (
            refund_admin,  # noqa: F401 - the back office of refunds and exchanges
            selectors,
            serializers,
        )
        from reservations.refund_activity import ACTIVITY_LABELS, activity_label
        from reservations.services import azure_plans, lifecycle, purchase, refunds  # noqa: F401 - registers effects

        fulfilment.register(
            "azure_plan",
            fulfilment.LineHandler(fulfil=azure_plans.azure_plan_fulfil, cancel=azure_plans.azure_plan_cancel),
        )
        fulfilment.register(
            "reservation",
            fulfilment.LineHandler(fulfil=purchase.reservations_fulfil, cancel=purchase.reservation_cancel),
        )
        entitlements.register(
            "reservedInstance",
            entitlements.EntitlementSource(
                rows=selectors.reservation_order_entitlements, render=serializers.reserved_instance_entitlement
            ),
        )
        subscriptions.register(
            "azure_plan",
            subscriptions.SubscriptionSource(
                rows=selectors.azure_plan_subscriptions,
                get=selectors.azure_plan_get_by_id,
                render=serializers.azure_plan_subscription,
            ),
        )
        tabs.register(
            key="reservations",
            label=_("Azure reservations"),
            url_name="reservations:customer_reservations",
            order=35,
            capability=Capability.VIEW_RESERVATIONS,
        )
        add_products.register(
            key="reservations",
            label=_("Azure reservations"),
            url_name="reservations:purchase",
            order=20,
            capability=Capability.BUY_RESERVATIONS,
        )
        for operation in ACTIVITY_LABELS:
            activity.register(operation, activity_label)
        navigation.register(
            key="my_reservations",  # the customer side: the reservations a user of the customer holds a role on
            label=_("Azure reservations"),
            url_name="my_reservations:list",
            order=110,
            capability=Capability.VIEW_OWN_RESERVATIONS,
        )
        tabs.register(
            key="refunds",
            label=_("Refunds"),
            url_name="reservations_refunds:customer_refunds",
            order=60,
            capability=Capability.VIEW_RESERVATIONS,
        )
