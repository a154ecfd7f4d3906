"""Deploy checks of our own (`manage.py check --deploy`): settings that weaken a protection in production."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register(Tags.security, Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Rate limits and failure budgets count in the default cache: a per-process one lets each worker count alone."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend}) is not shared between processes: with several web workers each "
            "counts rate limits and token failure budgets on its own.",
            hint="Set CACHE_URL (e.g. rediscache://host:6379/1) or a Redis CELERY_BROKER_URL.",
            id="partnercenter.W001",
        )
    ]
