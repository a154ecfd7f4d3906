"""Reads for the simulation clock page, scoped to the caller's partner."""

from partnercenter.models import ScheduledEffect


def pending_effects(*, partner, limit: int = 50) -> list[ScheduledEffect]:
    """The partner's effects not yet applied, soonest first."""
    return list(ScheduledEffect.objects.filter(partner=partner, done_at__isnull=True).order_by("due_at", "id")[:limit])
