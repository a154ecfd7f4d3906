from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReservationsConfig(AppConfig):
    name = "reservations"
    verbose_name = _("Azure reservations")

    def ready(self) -> None:
        from accounts.permissions import Capability
        from commerce import add_products, entitlements, fulfilment
        from customers import tabs
        from reservations import selectors, serializers
        from reservations.services import azure_plans, lifecycle, purchase  # noqa: F401 - registers effect handlers

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
