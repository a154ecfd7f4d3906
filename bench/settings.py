"""Benchmark settings: the project's settings plus the framework floor's routes (bench/urls.py).

Only `bench/load.py` serves with these (DJANGO_SETTINGS_MODULE=bench.settings); the normal settings
never route the floor, so it cannot be reached in a deployment.
"""

from partnercenter.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The statements each floor view replays, captured from our own endpoints by bench/load.py.
BENCH_FLOOR_SQL = env.str("BENCH_FLOOR_SQL", default="")  # noqa: F405
