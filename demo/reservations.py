"""Demo Azure plans and reservations with months of utilization, for `seed_demo`.

Everything is bought through the services at the partner's current time; the clock never moves
back, so reservations meant to be older are then backdated (order dates, first payment, history)
and their past days of utilization are accrued day by day with the same set-based service the
daily effect uses. Payments of monthly plans that fell due in the backdated months are charged at
their due dates by the same catch-up the daily effect runs. Then one return and one exchange per partner
go through the refund engine, so the Refunds tab and the invoice show credits. Safe to run again: a
customer that already has an Azure plan is skipped, and so is a partner that already has a refund or an exchange.
"""

from datetime import timedelta

from django.db import transaction

from accounts.models import Role, User
from commerce.markets import is_market_available
from partnercenter import clock, scheduler
from partnercenter.models import ScheduledEffect
from reservations import policy, selectors, services
from reservations.catalog import MARKET_PRICING, availability_id_for, reservation_skus
from reservations.models import (
    AzurePlan,
    BillingPlan,
    Exchange,
    Instalment,
    ProvisioningState,
    Refund,
    Reservation,
    ReservationOrder,
    ReservationStateChange,
    add_months,
    day_start,
)
from reservations.services import exchanges, instalments, lifecycle, refunds

CUSTOMERS_WITH_AZURE = 5
SUBSCRIPTION_NAMES = ["Production", "Development", "Analytics"]
# (armSkuName, region, term, billing plan, quantity, days ago, scope, renew)
RESERVATIONS = [
    ("Standard_D4s_v5", "westeurope", "P1Y", "Upfront", 4, 150, "Shared", False),
    ("Standard_E2s_v5", "northeurope", "P3Y", "Monthly", 2, 95, "Single", True),
    ("SQLDB_GP_Compute_Gen5", "westeurope", "P1Y", "Monthly", 8, 60, "Shared", False),
    ("Cosmos_DB_100_RUs", "eastus", "P3Y", "Upfront", 20, 200, "Single", False),
    ("P1v3", "uksouth", "P1Y", "Upfront", 3, 340, "Shared", True),
    ("Standard_B2s", "eastus", "P1Y", "Monthly", 6, 30, "Shared", False),
    ("Premium_P1", "westus2", "P3Y", "Upfront", 1, 120, "Shared", False),
]


def _catalog_item(sku_name: str, region: str, term: str) -> str:
    for product_id, sku_id, _title, sku_term, attributes, _usd in reservation_skus():
        if (attributes["armSkuName"], attributes["armRegionName"], sku_term) == (sku_name, region, term):
            return f"{product_id}:{sku_id}:{availability_id_for(product_id, sku_id)}"
    raise LookupError((sku_name, region, term))


def _backdate(order: ReservationOrder, *, days: int) -> None:
    """Move a just-bought order `days` into the past (its term, first payment and history with it)."""
    purchased_at = order.purchased_at - timedelta(days=days)
    benefit_start = day_start(purchased_at)
    ReservationOrder.objects.filter(pk=order.pk).update(
        purchased_at=purchased_at,
        benefit_start=benefit_start,
        expires_at=add_months(benefit_start, order.term_months),
    )
    Reservation.objects.filter(order=order).update(last_updated_at=purchased_at)
    Instalment.objects.filter(reservation__order=order, sequence=0).update(due_at=purchased_at)
    ReservationStateChange.objects.filter(reservation__order=order).update(at=purchased_at)


def _customers(partner):
    return [
        customer
        for customer in partner.customers.order_by("id")
        if is_market_available(str(customer.market)) and str(customer.market) in MARKET_PRICING
    ][:CUSTOMERS_WITH_AZURE]


@transaction.atomic
def seed_reservations(partner) -> int:
    """Azure plans (1–3 subscriptions) and reservations for the partner's first customers; returns reservations made."""
    now = clock.now(partner)
    created, oldest = 0, 0
    for index, customer in enumerate(_customers(partner)):
        if AzurePlan.objects.filter(customer=customer).exists():
            continue
        plan = services.azure_plan_purchase(customer=customer, actor=None, friendly_name=SUBSCRIPTION_NAMES[0])
        for name in SUBSCRIPTION_NAMES[1 : 1 + index % 3]:
            services.azure_subscription_add(customer=customer, actor=None, friendly_name=name)
        subscriptions = list(plan.azure_subscriptions.order_by("id"))
        for number, spec in enumerate(RESERVATIONS[index % 3 :: 2] or RESERVATIONS[:2]):
            sku_name, region, term, billing_plan, quantity, days_ago, scope, renew = spec
            order = services.reservation_purchase(
                customer=customer,
                actor=None,
                catalog_item_id=_catalog_item(sku_name, region, term),
                quantity=quantity,
                subscription_id=subscriptions[number % len(subscriptions)].subscription_id,
                scope=scope,
                billing_plan=billing_plan,
                renew=renew,
                display_name=f"{sku_name.replace('Standard_', '')}-{region}",
            )
            _backdate(order, days=days_ago)
            oldest = max(oldest, days_ago)
            created += 1
    if created:
        today = now.date()
        for back in range(oldest, 0, -1):
            lifecycle.utilization_accrue(partner=partner, day=today - timedelta(days=back))
        instalments.due_instalments_charge(partner=partner, at=now)
    return created


def seed_reservation_roles(partner) -> int:
    """A sales agent administers and the customer's admin reads one reservation each; returns assignments made."""
    made = 0
    sales_agent = User.objects.filter(partner=partner, roles__role=Role.SALES_AGENT).order_by("id").first()
    for reservation in Reservation.objects.filter(partner=partner).order_by("id")[:2]:
        if reservation.role_assignments.exists():
            continue
        customer_admin = User.objects.filter(customer=reservation.customer).order_by("id").first()
        for user, role in ((sales_agent, "reservations_administrator"), (customer_admin, "reservations_reader")):
            if user is not None:
                services.role_assignment_add(reservation=reservation, actor=None, user_id=user.pk, role=role)
                made += 1
    return made


def _refundable(partner, *, exclude=()):
    """The partner's active reservations that the refund engine would accept, oldest first."""
    return [
        reservation
        for reservation in Reservation.objects.filter(partner=partner, provisioning_state=ProvisioningState.SUCCEEDED)
        .exclude(pk__in=list(exclude))
        .select_related("order", "customer", "partner", "billing_subscription", "availability__sku__product")
        .order_by("id")
        if policy.is_refundable(reservation.reserved_resource_type)
    ]


def _credits_post(partner) -> None:
    """Run the refund credits just scheduled, so the open invoice shows them before the worker's next sweep."""
    pending = ScheduledEffect.objects.filter(partner=partner, kind=refunds.CREDIT_EFFECT, done_at__isnull=True)
    for effect_id in list(pending.values_list("pk", flat=True)):
        scheduler.run_effect(effect_id)


def _exchange_offer(reservation: Reservation):
    """What the demo exchange buys: the same SKU and region for three years, or the same item again."""
    offer = selectors.reservation_offer_find(
        market=str(reservation.customer.market),
        reserved_resource_type=reservation.reserved_resource_type,
        sku_name=reservation.sku_name,
        location=reservation.location,
        term="P3Y",
    )
    return offer.catalog_item_id if offer is not None else reservation.availability.catalog_item_id


@transaction.atomic
def seed_refunds_and_exchanges(partner) -> tuple[int, int]:
    """One return (of one unit) and one exchange (for a 3-year term) through the refund engine, acting as the
    partner's admin agent, with the credits posted; returns (refunds made, exchanges made). Skips what exists."""
    actor = User.objects.filter(partner=partner, roles__role=Role.ADMIN_AGENT).order_by("id").first()
    refunded = exchanged = 0
    used = set()
    if not Refund.objects.filter(partner=partner, exchange__isnull=True).exists():
        reservation = next((r for r in _refundable(partner) if r.quantity >= 2), None)
        if reservation is not None:
            quote = refunds.refund_quote(reservation=reservation, actor=actor, quantity=1)
            refunds.reservation_return(
                session_id=quote.session_id, actor=actor, customer=reservation.customer, reason="NoLongerNeeded"
            )
            used.add(reservation.pk)
            refunded = 1
    if not Exchange.objects.filter(partner=partner).exists():
        # An upfront one: its returned value is the unused term, so the demo's exchange shows a real credit.
        candidates = _refundable(partner, exclude=used)
        reservation = next((r for r in candidates if r.order.billing_plan == BillingPlan.UPFRONT), None)
        if reservation is not None:
            quote = exchanges.exchange_quote(
                customer=reservation.customer,
                actor=actor,
                returns=[exchanges.ExchangeReturn(reservation, reservation.quantity)],
                purchases=[
                    {
                        "catalog_item_id": _exchange_offer(reservation),
                        "quantity": reservation.quantity,
                        "billing_plan": "Upfront",
                        "subscription_id": reservation.billing_subscription.subscription_id,
                        "display_name": f"{reservation.display_name}-3y",
                    }
                ],
            )
            exchanges.exchange_execute(session_id=quote.session_id, actor=actor, customer=reservation.customer)
            exchanged = 1
    _credits_post(partner)
    return refunded, exchanged
