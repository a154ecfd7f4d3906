"""The cancellation rules as pure functions: which window applies, where a purchase stands, what it earns.

One module so the dialog's "days left" text, the cancellation service and the credit can never
disagree. Window: cancellation is allowed while (now - purchased_at) <= window days, so day 30 is
included and the first instant of day 31 is refused. Credits: 100% for perpetual software; for
subscriptions, unused days / term days of the line amount, with whole elapsed days counted as used.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from commerce.models import SkuKind
from partnercenter.money import round_money
from software.models import CancellationPolicy, term_end

DAY = timedelta(days=1)
WINDOW_DAYS = {
    CancellationPolicy.LEGACY: {SkuKind.PERPETUAL: 30, SkuKind.SUBSCRIPTION: 30},
    CancellationPolicy.CURRENT: {SkuKind.PERPETUAL: 30, SkuKind.SUBSCRIPTION: 7},
}
# Support exception (the simulator's model; Microsoft support decides case by case, reference §3): a
# cancellation approved by support through a support request may use a longer window than self-service.
# Under the current policy support still cancels software subscriptions until day 30 (the legacy
# window, prorated); perpetual software and the legacy policy have no exception beyond their window.
SUPPORT_WINDOW_DAYS = {
    CancellationPolicy.LEGACY: {SkuKind.PERPETUAL: 30, SkuKind.SUBSCRIPTION: 30},
    CancellationPolicy.CURRENT: {SkuKind.PERPETUAL: 30, SkuKind.SUBSCRIPTION: 30},
}
# SUSE Linux and Red Hat software plans "cannot be cancelled or exchanged" (seed).
NEVER_CANCELLABLE_KINDS = frozenset({SkuKind.SOFTWARE_PLAN})


class Standing(StrEnum):
    OPEN = "open"
    WINDOW_CLOSED = "window_closed"
    NOT_CANCELLABLE = "not_cancellable"
    IN_PROGRESS = "in_progress"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Eligibility:
    standing: Standing
    window_days: int = 0
    days_left: int = 0

    @property
    def allowed(self) -> bool:
        return self.standing == Standing.OPEN


def window_days(*, policy: str, sku_kind: str, through_support: bool = False) -> int | None:
    """Days in which the purchase can be cancelled (by support: SUPPORT_WINDOW_DAYS); None when it never can."""
    if sku_kind in NEVER_CANCELLABLE_KINDS:
        return None
    table = SUPPORT_WINDOW_DAYS if through_support else WINDOW_DAYS
    return table[CancellationPolicy(policy)].get(SkuKind(sku_kind))


def support_exception_applies(*, purchase, policy: str, now: datetime) -> bool:
    """True when only the support exception lets this purchase be cancelled at `now`."""
    return (
        not eligibility(purchase=purchase, policy=policy, now=now).allowed
        and eligibility(purchase=purchase, policy=policy, now=now, through_support=True).allowed
    )


def eligibility(*, purchase, policy: str, now: datetime, through_support: bool = False) -> Eligibility:
    """Where the purchase stands for a cancellation requested at `now` (partner clock), by self-service
    or, with `through_support`, approved by support under the support exception."""
    if purchase.is_cancelled:
        return Eligibility(Standing.CANCELLED)
    if purchase.order_line.cancel_requested_at is not None:
        return Eligibility(Standing.IN_PROGRESS)
    days = window_days(policy=policy, sku_kind=purchase.sku_kind, through_support=through_support)
    if days is None:
        return Eligibility(Standing.NOT_CANCELLABLE)
    remaining = purchase.purchased_at + days * DAY - now
    if remaining < timedelta(0):
        return Eligibility(Standing.WINDOW_CLOSED, window_days=days)
    return Eligibility(Standing.OPEN, window_days=days, days_left=max(1, math.ceil(remaining / DAY)))


def term_days(*, purchased_at: datetime, term_duration: str) -> int:
    """Calendar days in the term from the purchase instant (P1Y = 365 or 366)."""
    end = term_end(purchased_at, term_duration)
    if end is None:
        raise ValueError("A term needs a duration (ISO 8601, e.g. P1Y).")
    return (end - purchased_at).days


def credit_amount(*, purchase, line, requested_at: datetime) -> Decimal:
    """What a cancellation requested at `requested_at` gives back, before tax, rounded once."""
    line_amount = line.unit_price * line.quantity
    if purchase.sku_kind != SkuKind.SUBSCRIPTION or not purchase.term_duration:
        return round_money(line_amount, line.currency)
    total = term_days(purchased_at=purchase.purchased_at, term_duration=purchase.term_duration)
    used = min(total, max(0, (requested_at - purchase.purchased_at) // DAY))
    return round_money(line_amount * Decimal(total - used) / Decimal(total), line.currency)
