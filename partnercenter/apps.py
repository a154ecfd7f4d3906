from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerCenterConfig(AppConfig):
    """Cross-cutting pieces every app uses: clock, money, scheduler, audit, API conventions."""

    name = "partnercenter"
    verbose_name = _("Platform")

    def ready(self):
        from accounts.permissions import Capability
        from partnercenter import navigation, scheduler, tasks
        from partnercenter.api import schema  # noqa: F401 - registers the bearer scheme with drf-spectacular

        scheduler.on_scheduled(tasks.enqueue_effect)
        navigation.register(
            key="simulation",
            label=_("Simulation clock"),
            url_name="simulation:clock",
            order=90,
            capability=Capability.USE_SIMULATION_CLOCK,
        )
