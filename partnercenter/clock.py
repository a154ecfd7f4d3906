"""The only source of "now" for business rules: each partner has a simulation clock.

A clock reads real time plus an offset, or a frozen instant. It can be frozen and moved forward,
never back, so every time-based rule (windows, delays, month ends) is testable in seconds.
"""

from datetime import datetime, timedelta

from django.utils import timezone


class ClockError(ValueError):
    """The clock was asked to move back, or by a non-positive amount."""


def wall_now() -> datetime:
    """Real time, for timestamps that are not business rules (token expiry, request logs)."""
    return timezone.now()


def now(partner) -> datetime:
    """The partner's current simulated time (aware, UTC)."""
    if partner.clock_frozen_at is not None:
        return partner.clock_frozen_at
    return wall_now() + partner.clock_offset


def target_for(partner, *, to: datetime | None = None, by: timedelta | None = None) -> datetime:
    """Where an advance would land; refuses a move back or a zero move."""
    if (to is None) == (by is None):
        raise ClockError("Give exactly one of 'to' or 'by'.")
    current = now(partner)
    if by is not None:
        if by <= timedelta(0):
            raise ClockError("The clock only moves forward: 'by' must be positive.")
        return current + by
    if timezone.is_naive(to):
        raise ClockError("'to' must carry a time zone.")
    if to < current:
        raise ClockError("The clock never moves back.")
    return to
