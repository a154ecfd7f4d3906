from django.apps import AppConfig


class PartnerCenterConfig(AppConfig):
    """Cross-cutting pieces every app uses: clock, money, scheduler, audit, API conventions."""

    name = "partnercenter"
    verbose_name = "Platform"

    def ready(self):
        from partnercenter.api import schema  # noqa: F401 - registers the bearer scheme with drf-spectacular
