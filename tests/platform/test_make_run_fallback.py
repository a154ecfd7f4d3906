"""`make run` on a machine with nothing but Python: the SQLite fallback migrates and seeds the demo.

The suite runs on PostgreSQL; this one test drives the fallback in a child process, because a
constraint that holds on PostgreSQL's exact numerics can fail on SQLite's binary floats (it did:
an invoice line's total = subtotal + tax).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_sqlite_fallback_migrates_and_seeds_the_demo(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "DJANGO_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        DJANGO_SETTINGS_MODULE="partnercenter.settings",
        DEBUG="true",
        CELERY_BROKER_URL="memory://",
        CACHE_URL="locmemcache://fallback",
    )
    migrated = _manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr[-3000:]

    seeded = _manage("seed_demo", env=env)

    assert seeded.returncode == 0, seeded.stderr[-3000:]
    assert "Contoso Cloud Italia: 50 customers (50 new)" in seeded.stdout
    assert "refunds: 1 new; exchanges: 1 new" in seeded.stdout
