from django.apps import AppConfig


class PartnerCenterConfig(AppConfig):
    """Cross-cutting pieces every app uses: clock, money, scheduler, audit, API conventions."""

    name = "partnercenter"
    verbose_name = "Platform"
