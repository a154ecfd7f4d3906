"""The only source of "now" for business rules: each partner has a simulation clock.

A clock reads real time plus an offset, or a frozen instant. It can be frozen and moved forward,
never back, so every time-based rule (windows, delays, month ends) is testable in seconds.
This module is a leaf: it reads and sets time and nothing else. Running what became due after a
move is the simulation app's service (`simulation.services.clock_advance`).
"""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnercenter.errors import FixedCodeError

# The clock stops well short of the calendar's end, so every rule's arithmetic (a three-year term,
# a month end, a retention window) stays representable whatever a tester asks for.
LATEST = datetime(3000, 1, 1, tzinfo=UTC)


class ClockError(FixedCodeError):
    """The clock was asked to move back, by a non-positive amount, or past LATEST."""

    error_name = "InvalidClockMove"


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
        raise ClockError(_("Give exactly one of 'to' or 'by'."))
    current = now(partner)
    if by is not None:
        if by <= timedelta(0):
            raise ClockError(_("The clock only moves forward: 'by' must be positive."))
        if by >= LATEST - current:
            raise ClockError(_("The clock cannot move past %(date)s.") % {"date": f"{LATEST:%Y-%m-%d}"})
        return current + by
    if timezone.is_naive(to):
        raise ClockError(_("'to' must carry a time zone."))
    if to < current:
        raise ClockError(_("The clock never moves back."))
    if to >= LATEST:
        raise ClockError(_("The clock cannot move past %(date)s.") % {"date": f"{LATEST:%Y-%m-%d}"})
    return to


def _locked(partner):
    """The partner's row, locked: the clock's fields live on Partner, found through the instance's own class."""
    return type(partner).objects.select_for_update().get(pk=partner.pk)


def clock_move(*, partner, to: datetime | None = None, by: timedelta | None = None) -> datetime:
    """Move the partner's clock forward (exactly one of `to`, `by`); ClockError on a move back. Returns the new now."""
    with transaction.atomic():
        locked = _locked(partner)
        target = target_for(locked, to=to, by=by)
        if locked.clock_frozen_at is not None:
            locked.clock_frozen_at = target
        else:
            locked.clock_offset = target - wall_now()
        locked.save(update_fields=["clock_frozen_at", "clock_offset"])
    partner.clock_frozen_at, partner.clock_offset = locked.clock_frozen_at, locked.clock_offset
    return now(locked)


def clock_freeze(*, partner) -> datetime:
    """Stop the partner's clock at its current instant."""
    with transaction.atomic():
        locked = _locked(partner)
        if locked.clock_frozen_at is None:
            locked.clock_frozen_at = now(locked)
            locked.save(update_fields=["clock_frozen_at"])
    partner.clock_frozen_at = locked.clock_frozen_at
    return locked.clock_frozen_at


def clock_resume(*, partner) -> datetime:
    """Let a frozen clock run again from where it stopped (never jumping back or forward)."""
    with transaction.atomic():
        locked = _locked(partner)
        if locked.clock_frozen_at is not None:
            locked.clock_offset = locked.clock_frozen_at - wall_now()
            locked.clock_frozen_at = None
            locked.save(update_fields=["clock_frozen_at", "clock_offset"])
    partner.clock_frozen_at, partner.clock_offset = None, locked.clock_offset
    return now(locked)
