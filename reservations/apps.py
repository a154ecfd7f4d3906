from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReservationsConfig(AppConfig):
    name = "reservations"
    verbose_name = _("Azure reservations")

    def ready(self) -> None:
        from commerce import entitlements, fulfilment
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
