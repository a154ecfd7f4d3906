"""The refund and exchange rules as pure functions: proration, the lower-of-prices rule, the fee, the cap.

One module so the quote on the page, Azure's calculateRefund, the return itself and the support
processing can never disagree. Days: the term runs from the benefit start (midnight UTC of the
purchase day) to the expiry; whole days elapsed since the benefit start are used, the day in
progress is not (so on the purchase day nothing is used and on the last day one day is left).
Amounts are computed unrounded and rounded once, in the reservation's currency.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from partnercenter.money import round_money
from reservations.models import BillingPlan, RefundPolicyProfile, ReservedResourceType

DAY = timedelta(days=1)
CAP_USD = Decimal("50000.00")
CAP_WINDOW = timedelta(days=365)
# Keyed by the stored profile value (a plain string from the database).
FEE_PERCENT: dict[str, Decimal] = {RefundPolicyProfile.SEED: Decimal(12), RefundPolicyProfile.CURRENT: Decimal(0)}

# Azure: "Azure Databricks reserved capacity, Synapse Analytics pre-purchase, AVS by CloudSimple,
# Azure Red Hat OpenShift, Red Hat plans and SUSE Linux plans" cannot be refunded or exchanged.
NOT_REFUNDABLE = frozenset(
    {
        ReservedResourceType.DATABRICKS,
        ReservedResourceType.SQL_DATA_WAREHOUSE,
        ReservedResourceType.VMWARE_CLOUD_SIMPLE,
        ReservedResourceType.RED_HAT_OSA,
        ReservedResourceType.RED_HAT,
        ReservedResourceType.SUSE_LINUX,
    }
)

PRICE_PURCHASE, PRICE_CURRENT = "purchase", "current"


@dataclass(frozen=True)
class Proration:
    """What returning `quantity` units at `at` gives back, with every figure a quote shows."""

    quantity: int
    term_days: int
    days_used: int
    days_left: int
    purchase_unit_price: Decimal
    current_unit_price: Decimal | None
    unit_price_used: Decimal
    price_basis: str
    paid: Decimal
    remaining_value: Decimal
    gross: Decimal
    fee_percent: Decimal
    fee: Decimal
    amount: Decimal
    currency: str


def is_refundable(resource_type: str) -> bool:
    return resource_type not in NOT_REFUNDABLE


def days_of(*, benefit_start: datetime, expires_at: datetime, at: datetime) -> tuple[int, int, int]:
    """(term days, days used, days left) at `at`: whole days elapsed count as used."""
    term = (expires_at - benefit_start) // DAY
    used = min(term, max(0, (at - benefit_start) // DAY))
    return term, used, term - used


def price_used(*, purchase: Decimal, current: Decimal | None) -> tuple[Decimal, str]:
    """The lower of the purchase price and today's catalog price (per unit for the term), and which it was."""
    if current is not None and current < purchase:
        return current, PRICE_CURRENT
    return purchase, PRICE_PURCHASE


def prorate(
    *,
    quantity: int,
    benefit_start: datetime,
    expires_at: datetime,
    at: datetime,
    billing_plan: str,
    purchase_unit_price: Decimal,
    current_unit_price: Decimal | None,
    paid_per_unit: Decimal,
    currency: str,
    fee_percent: Decimal,
) -> Proration:
    """The refund for `quantity` units returned at `at`.

    Upfront: the remaining days' share of the lower price. Monthly: what was paid beyond the days
    consumed (at the purchase price, which the instalments charged), never more than the remaining
    days' share of the lower price; the instalments not yet due are simply not charged any more.
    The fee is `fee_percent` of that prorated amount. `remaining_value` (the unused days at the
    price used, paid or not) is what an exchange must buy at least.
    """
    term, used, left = days_of(benefit_start=benefit_start, expires_at=expires_at, at=at)
    unit, basis = price_used(purchase=purchase_unit_price, current=current_unit_price)
    remaining_value = unit * quantity * left / term
    paid = paid_per_unit * quantity
    if billing_plan == BillingPlan.MONTHLY:
        beyond_consumed = paid - purchase_unit_price * quantity * used / term
        gross_exact = max(Decimal(0), min(remaining_value, beyond_consumed))
    else:
        gross_exact = remaining_value
    gross = round_money(gross_exact, currency)
    fee = round_money(gross * fee_percent / 100, currency)
    return Proration(
        quantity=quantity,
        term_days=term,
        days_used=used,
        days_left=left,
        purchase_unit_price=purchase_unit_price,
        current_unit_price=current_unit_price,
        unit_price_used=unit,
        price_basis=basis,
        paid=round_money(paid, currency),
        remaining_value=round_money(remaining_value, currency),
        gross=gross,
        fee_percent=fee_percent,
        fee=fee,
        amount=gross - fee,
        currency=currency,
    )


@dataclass(frozen=True)
class CapStatus:
    """The customer's refunds in the rolling window ending at `at`, in USD."""

    limit: Decimal
    used: Decimal
    at: datetime
    oldest_leaves_at: datetime | None

    @property
    def left(self) -> Decimal:
        return max(Decimal(0), self.limit - self.used)


def window_start(at: datetime) -> datetime:
    """Refunds strictly after this instant count toward the cap at `at` (a refund leaves after 365 days)."""
    return at - CAP_WINDOW


def to_usd(amount: Decimal, usd_per_unit: Decimal) -> Decimal:
    return round_money(amount * usd_per_unit, "USD")
