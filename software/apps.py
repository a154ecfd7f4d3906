from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SoftwareConfig(AppConfig):
    name = "software"
    verbose_name = _("Software")
