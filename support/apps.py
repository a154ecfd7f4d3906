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
