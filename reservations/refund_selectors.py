"""Reads for refunds and exchanges: the partner's policy profile, exchange rates, the customer's cap,
the quotes and the ledger, scoped to the caller's tenant (outside it: 404)."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Min, QuerySet, Sum
from django.utils.translation import gettext as _

from partnercenter.errors import NotFound
from partnercenter.money import round_money
from reservations import policy
from reservations.models import (
    Exchange,
    ExchangeRate,
    Refund,
    RefundPolicyProfile,
    RefundQuote,
    RefundSettings,
)
from reservations.refund_errors import RefundError


def policy_profile_for(partner) -> str:
    """The partner's refund policy profile (seed unless set)."""
    profile = RefundSettings.objects.filter(partner=partner).values_list("policy_profile", flat=True).first()
    return profile or RefundPolicyProfile.SEED


def usd_rate(*, currency: str, on: date) -> Decimal:
    """US dollars per unit of `currency` on day `on`: the latest rate valid from that day or before."""
    currency = currency.upper()
    if currency == "USD":
        return Decimal(1)
    rate = (
        ExchangeRate.objects.filter(currency=currency, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("usd_per_unit", flat=True)
        .first()
    )
    if rate is None:
        raise RefundError(
            _("No exchange rate from %(currency)s to USD on %(day)s: an operator must add one.")
            % {"currency": currency, "day": on.isoformat()},
            error_name="ExchangeRateMissing",
        )
    return rate


def cap_status(*, customer, at: datetime) -> policy.CapStatus:
    """What the customer has refunded in the 365 days ending at `at` (USD) and when the oldest refund leaves."""
    totals = Refund.objects.filter(
        customer=customer, counts_toward_cap=True, refunded_at__gt=policy.window_start(at), refunded_at__lte=at
    ).aggregate(used=Sum("amount_usd"), oldest=Min("refunded_at"))
    oldest = totals["oldest"]
    return policy.CapStatus(
        limit=policy.CAP_USD,
        used=round_money(totals["used"] or Decimal(0), "USD"),
        at=at,
        oldest_leaves_at=oldest + policy.CAP_WINDOW if oldest else None,
    )


def quote_get(*, partner, session_id, customer=None) -> RefundQuote:
    """A quote of the partner (of the customer when given); 404 for another tenant's or a malformed id."""
    quotes = RefundQuote.objects.filter(partner=partner).select_related("customer", "partner")
    if customer is not None:
        quotes = quotes.filter(customer=customer)
    try:
        return quotes.get(session_id=session_id)
    except (RefundQuote.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound("No such refund or exchange session.") from exc


def refund_list(*, partner, customer=None, reservation=None) -> QuerySet[Refund]:
    refunds = Refund.objects.filter(partner=partner).select_related("reservation__order", "customer", "quote")
    if customer is not None:
        refunds = refunds.filter(customer=customer)
    if reservation is not None:
        refunds = refunds.filter(reservation=reservation)
    return refunds.order_by("-refunded_at", "-id")


def refund_for_quote(*, quote: RefundQuote) -> QuerySet[Refund]:
    return Refund.objects.filter(quote=quote).select_related("reservation__order").order_by("pk")


def exchange_list(*, partner, customer=None) -> QuerySet[Exchange]:
    exchanges = Exchange.objects.filter(partner=partner).select_related("customer", "quote")
    if customer is not None:
        exchanges = exchanges.filter(customer=customer)
    return exchanges.prefetch_related("purchased_orders", "refunds").order_by("-exchanged_at", "-id")


def exchange_get(*, partner, exchange_id, customer=None) -> Exchange:
    try:
        return exchange_list(partner=partner, customer=customer).get(exchange_id=exchange_id)
    except (Exchange.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound("No such exchange.") from exc
