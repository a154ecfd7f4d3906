"""Reading a clock move from people and programs: an ISO 8601 instant or duration, in one place.

The API, the dashboard form and the admin action all go through `services.clock_advance_from_text`,
which parses here.
"""

from datetime import datetime, timedelta

import isodate
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from partnercenter.errors import FixedCodeError


class ClockInputError(FixedCodeError):
    """Input that is not an instant or a positive duration."""

    error_name = "InvalidClockMove"


def parse_instant(value: str) -> datetime:
    """An ISO 8601 date-time that carries its offset (naive times are ambiguous for a clock)."""
    try:
        instant = parse_datetime((value or "").strip())
    except ValueError:
        instant = None
    if instant is None:
        raise ClockInputError(_("'%(value)s' is not an ISO 8601 date-time.") % {"value": value})
    if timezone.is_naive(instant):
        raise ClockInputError(_("The date-time must carry a time zone, e.g. 2026-05-01T00:00:00Z."))
    return instant


def parse_duration(value: str) -> timedelta | isodate.Duration:
    """An ISO 8601 duration (P30D, PT15M, P1M...); months and years stay calendar-aware."""
    try:
        duration = isodate.parse_duration((value or "").strip())
    except (isodate.ISO8601Error, ValueError, TypeError, OverflowError) as exc:
        raise ClockInputError(_("'%(value)s' is not an ISO 8601 duration such as P30D.") % {"value": value}) from exc
    return duration
