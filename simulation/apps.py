from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulationConfig(AppConfig):
    """The simulation clock as a feature: its page, API and admin action over the core's clock."""

    name = "simulation"
    verbose_name = _("Simulation clock")

    def ready(self):
        from accounts import navigation
        from accounts.permissions import Capability

        navigation.register(
            key="simulation",
            label=_("Simulation clock"),
            url_name="simulation:clock",
            order=90,
            capability=Capability.USE_SIMULATION_CLOCK,
        )
