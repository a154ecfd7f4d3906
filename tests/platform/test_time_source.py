"""Business time comes from partnercenter.clock: no app module reads the wall clock on its own."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every app of the project (a folder with apps.py), so apps added later are guarded too.
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
WALL_CLOCK = re.compile(r"\b(timezone\.now|datetime\.now|datetime\.utcnow|date\.today|time\.time)\(")
# Non-business timers: the clock itself, and the throttle's one-minute windows.
ALLOWED = {"partnercenter/clock.py", "partnercenter/api/throttling.py"}


def test_only_the_clock_module_reads_the_wall_clock():
    assert {"partnercenter", "accounts", "simulation", "demo"} <= set(APPS)
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in ALLOWED
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if WALL_CLOCK.search(line)
    ]
    assert offenders == [], "use partnercenter.clock.now(partner) (or clock.wall_now() for non-business stamps)"
