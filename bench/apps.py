from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks and the large-data generator: a management command and benchmark-only views, no models."""

    name = "bench"
    verbose_name = "Benchmarks"
