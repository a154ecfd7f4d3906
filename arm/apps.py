from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArmConfig(AppConfig):
    """Azure Resource Manager's conventions for the /azure route family (reservations' Azure API stands on it)."""

    name = "arm"
    verbose_name = _("Azure Resource Manager API")
