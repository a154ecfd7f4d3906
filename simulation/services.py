"""The simulation clock as a feature: "advance" = move the partner's clock, then run what became due.

Moving the clock is one transaction (`partnercenter.clock.clock_move`); each due effect then runs in
its own transaction (`partnercenter.scheduler.run_due`), so one failing effect never undoes the move.
"""

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from partnercenter import clock, scheduler
from simulation.clock_input import ClockInputError, parse_duration, parse_instant


def clock_advance(*, partner, to: datetime | None = None, by: timedelta | None = None) -> tuple[datetime, int]:
    """Move the partner's clock forward and run every effect that became due, in due order.

    Returns the new "now" and how many effects ran. Refuses a move back with ClockError.
    """
    clock.clock_move(partner=partner, to=to, by=by)
    processed = scheduler.run_due(partner=partner)
    return clock.now(partner), processed


def clock_advance_from_text(*, partner, to: str = "", by: str = "") -> tuple[datetime, int]:
    """Advance the partner's clock from text input (ISO 8601); ClockInputError or ClockError on bad input."""
    if bool(to) == bool(by):
        raise ClockInputError(_("Give exactly one of 'to' or 'by'."))
    if to:
        return clock_advance(partner=partner, to=parse_instant(to))
    duration = parse_duration(by)
    if isinstance(duration, timedelta):
        return clock_advance(partner=partner, by=duration)
    # Calendar durations (months, years): land on the same day-of-month, refused if not forward.
    try:
        target = clock.now(partner) + duration
    except (OverflowError, ValueError) as exc:  # past the calendar's end (year 9999)
        raise ClockInputError(_("'%(value)s' moves the clock out of range.") % {"value": by}) from exc
    return clock_advance(partner=partner, to=target)
