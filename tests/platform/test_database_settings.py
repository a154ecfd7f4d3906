"""How the processes use PostgreSQL (partnercenter/settings.py)."""

from django.conf import settings


def test_a_process_keeps_its_connection_between_requests():
    """A new PostgreSQL backend per request cost about 10 ms, more than a whole order (bench/profile_writes.py
    --reconnect); a kept connection is health-checked before it is reused."""
    database = settings.DATABASES["default"]
    assert database["ENGINE"].endswith("postgresql")
    assert database["CONN_MAX_AGE"] >= 60
    assert database["CONN_HEALTH_CHECKS"] is True
