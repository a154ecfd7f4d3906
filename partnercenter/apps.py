from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerCenterConfig(AppConfig):
    """Cross-cutting pieces every app uses: clock, money, scheduler, audit, errors, API conventions."""

    name = "partnercenter"
    verbose_name = _("Platform")

    def ready(self):
        from partnercenter import (
            scheduler,
            security_checks,  # noqa: F401 - registers the deploy checks
            tasks,
        )

        scheduler.on_scheduled(tasks.enqueue_effect)
