"""A plausible, reproducible daily utilization for each reservation, derived from its id.

The first byte of SHA-256(reservation id) picks a profile (six in ten well used, two idle, two that
fall off); a per-day byte adds jitter. The same reservation and day always give the same figure,
so a re-run of a day's effect, or a rebuilt demo, yields identical rows.
"""

import hashlib
from datetime import date
from decimal import Decimal
from enum import StrEnum

PERCENT = Decimal("0.01")


class Profile(StrEnum):
    WELL_USED = "well_used"
    IDLE = "idle"
    FALLING_OFF = "falling_off"


def _byte(text: str, index: int = 0) -> int:
    return hashlib.sha256(text.encode()).digest()[index]


def profile_of(reservation_id) -> Profile:
    pick = _byte(str(reservation_id)) % 10
    if pick < 6:
        return Profile.WELL_USED
    return Profile.IDLE if pick < 8 else Profile.FALLING_OFF


def daily_percent(*, reservation_id, benefit_start: date, day: date) -> Decimal:
    """Utilization (0–100, two decimals) of the reservation on `day`."""
    jitter = Decimal(_byte(f"{reservation_id}:{day.isoformat()}")) / 255 - Decimal("0.5")  # -0.5 .. 0.5
    profile = profile_of(reservation_id)
    if profile == Profile.WELL_USED:
        value = Decimal(92) + jitter * 14
    elif profile == Profile.IDLE:
        value = Decimal(4) + jitter * 8
    else:
        age = max((day - benefit_start).days, 0)
        value = max(Decimal(12), Decimal(96) - Decimal(age) * Decimal("0.9")) + jitter * 10
    return min(Decimal(100), max(Decimal(0), value)).quantize(PERCENT)
