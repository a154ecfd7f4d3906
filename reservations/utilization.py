"""A plausible, reproducible daily utilization for each reservation, derived from its id.

The first byte of MD5(reservation id) picks a profile (six in ten well used, two idle, two that
fall off); the first byte of MD5("<id>:<day>") adds jitter. The same reservation and day always
give the same figure, so a re-run of a day's effect, or a rebuilt demo, yields identical rows.

The figure is defined twice, once per language, and both must agree to the hundredth:
`SQL_HUNDREDTHS` is what the daily effect inserts with (`INSERT ... SELECT` on PostgreSQL), and
`hundredths` is the same arithmetic in Python (SQLite, tests, demo). Everything is integer
hundredths with one rounding rule, round half up as floor((2x + d) / 2d), so the two never differ.
"""

import hashlib
from datetime import date
from decimal import Decimal
from enum import StrEnum

PERCENT = Decimal("0.01")
HOURS_PER_DAY = 24

# (base, spread) in hundredths of a percent: the day's figure is base ± spread/2 by the jitter.
WELL_USED = (9200, 1400)
IDLE = (400, 800)
# Falling off starts at 96 % and loses 0.9 points a day down to 12 %, ± 5 points.
FALLING_START, FALLING_SLOPE, FALLING_FLOOR, FALLING_SPREAD = 9600, 90, 1200, 1000


class Profile(StrEnum):
    WELL_USED = "well_used"
    IDLE = "idle"
    FALLING_OFF = "falling_off"


def _byte(text: str) -> int:
    return hashlib.md5(text.encode(), usedforsecurity=False).digest()[0]


def profile_of(reservation_id) -> Profile:
    pick = _byte(str(reservation_id)) % 10
    if pick < 6:
        return Profile.WELL_USED
    return Profile.IDLE if pick < 8 else Profile.FALLING_OFF


def _round_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (floor division, as SQL's floor() on numeric)."""
    return (2 * numerator + denominator) // (2 * denominator)


def hundredths(*, reservation_id, benefit_start: date, day: date) -> int:
    """Utilization of the reservation on `day` in hundredths of a percent (0–10000)."""
    jitter = 2 * _byte(f"{reservation_id}:{day.isoformat()}") - 255  # -255 .. 255
    profile = profile_of(reservation_id)
    if profile == Profile.WELL_USED:
        base, spread = WELL_USED
    elif profile == Profile.IDLE:
        base, spread = IDLE
    else:
        age = max((day - benefit_start).days, 0)
        base, spread = max(FALLING_FLOOR, FALLING_START - FALLING_SLOPE * age), FALLING_SPREAD
    return min(10000, max(0, base + _round_div(jitter * spread, 2 * 255)))


def daily_percent(*, reservation_id, benefit_start: date, day: date) -> Decimal:
    """Utilization (0–100, two decimals) of the reservation on `day`."""
    return (Decimal(hundredths(reservation_id=reservation_id, benefit_start=benefit_start, day=day)) / 100).quantize(
        PERCENT
    )


def reserved_hours(quantity: int) -> int:
    return HOURS_PER_DAY * max(quantity, 1)


def used_hours(*, reserved: int, percent_hundredths: int) -> Decimal:
    """Hours used of `reserved` at the figure, two decimals (reserved × percent / 100, half up)."""
    return Decimal(_round_div(reserved * percent_hundredths, 100)) / 100


def _sql_round_div(numerator: str, denominator: int) -> str:
    return f"floor((2 * ({numerator}) + {denominator})::numeric / {2 * denominator})"


def _sql_hundredths() -> str:
    falling = f"greatest({FALLING_FLOOR}, {FALLING_START} - {FALLING_SLOPE} * age)"
    base = f"CASE WHEN pick < 6 THEN {WELL_USED[0]} WHEN pick < 8 THEN {IDLE[0]} ELSE {falling} END"
    spread = f"CASE WHEN pick < 6 THEN {WELL_USED[1]} WHEN pick < 8 THEN {IDLE[1]} ELSE {FALLING_SPREAD} END"
    return f"least(10000, greatest(0, {base} + {_sql_round_div(f'jitter * {spread}', 2 * 255)}))"


# `hundredths` in PostgreSQL, in two steps so each hash is computed once per row: SQL_FACTORS is a
# select list over `r` (the reservation) and `o` (its order) with the parameters %(day)s (a date)
# and %(day_iso)s (its ISO text); SQL_HUNDREDTHS and SQL_USED_HOURS read its columns (and `reserved`).
SQL_FACTORS = (
    "get_byte(decode(md5(r.reservation_id::text), 'hex'), 0) %% 10 AS pick, "  # %%: a literal % in a query
    "2 * get_byte(decode(md5(r.reservation_id::text || ':' || %(day_iso)s), 'hex'), 0) - 255 AS jitter, "
    "greatest(%(day)s::date - (o.benefit_start AT TIME ZONE 'UTC')::date, 0) AS age"
)
SQL_HUNDREDTHS = _sql_hundredths()
SQL_USED_HOURS = f"{_sql_round_div('reserved * h', 100)} / 100"
