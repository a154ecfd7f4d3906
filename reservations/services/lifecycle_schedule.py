"""The partner's daily reservation effects: one of each kind per partner and UTC day boundary.

`reservations.utilization_day` (due at midnight ending day D) records day D's utilization for all
of the partner's reservations; `reservations.lifecycle_day` (same instant) charges the payments due,
expires what ends then and renews what is set to renew. Each effect schedules the next day's while
the partner has an active reservation, and a purchase (re)starts the chain, so a partner without
reservations costs nothing.
"""

from datetime import datetime, timedelta

from partnercenter import scheduler
from reservations.models import day_start

UTILIZATION_EFFECT = "reservations.utilization_day"
LIFECYCLE_EFFECT = "reservations.lifecycle_day"
DAILY_KINDS = (UTILIZATION_EFFECT, LIFECYCLE_EFFECT)


def effect_target(*, partner, boundary: datetime) -> str:
    return f"{partner.pk}:{boundary:%Y-%m-%d}"


def daily_effects_ensure(*, partner, after: datetime, kinds=DAILY_KINDS) -> None:
    """Schedule the partner's effects at the first day boundary after `after` (a no-op when they exist)."""
    boundary = day_start(after) + timedelta(days=1)
    for kind in kinds:
        scheduler.schedule(
            partner=partner, kind=kind, target=effect_target(partner=partner, boundary=boundary), due_at=boundary
        )
