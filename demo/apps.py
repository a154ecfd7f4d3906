from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo partners, customers and purchases for `make run` (`seed_demo`); never reference data."""

    name = "demo"
    verbose_name = _("Demo data")
