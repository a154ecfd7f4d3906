"""Reads on Azure plans, subscriptions, reservations, access and utilization, scoped to the caller.

A partner user with `view_reservations` sees every reservation of the partner's customers; any other
user (a partner user without it, a customer's user) sees only the reservations they hold a role
assignment on. Outside that, a lookup is 404. Each reservation read for a user carries
`my_roles` (the user's assignment roles on it) so `access_of` answers without another query.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Avg, Prefetch, Q, QuerySet

from accounts.permissions import Capability, ReservationAccess, has_capability, reservation_access
from commerce import selectors as commerce_selectors
from commerce.models import Price, ProductType
from partnercenter.errors import NotFound
from reservations.errors import ReservationNotInOrder, ReservationOrderNotFound
from reservations.models import (
    AzurePlan,
    AzureStatus,
    AzureSubscription,
    Reservation,
    ReservationOrder,
    ReservationRoleAssignment,
    UtilizationDay,
)

UTILIZATION_GRAINS = (1, 7, 30)


# --- Azure plan and subscriptions -------------------------------------------------------------


def azure_plan_get(*, partner, customer) -> AzurePlan | None:
    """The customer's live Azure plan, or None."""
    return (
        AzurePlan.objects.filter(partner=partner, customer=customer)
        .exclude(status=AzureStatus.DELETED)
        .select_related("customer", "order_line__order")
        .first()
    )


def azure_plan_subscriptions(*, partner, customer) -> QuerySet[AzurePlan]:
    """The customer's Azure plan as a Partner Center subscription (none once deleted)."""
    return (
        AzurePlan.objects.filter(partner=partner, customer=customer)
        .exclude(status=AzureStatus.DELETED)
        .select_related("customer", "order_line__order")
    )


def azure_plan_get_by_id(*, partner, customer, subscription_id) -> AzurePlan:
    """The plan whose Partner Center subscription id is `subscription_id`; 404 outside the customer."""
    try:
        return AzurePlan.objects.select_related("customer", "order_line__order").get(
            partner=partner, customer=customer, subscription_id=subscription_id
        )
    except (AzurePlan.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound("No such subscription.") from exc


def azure_subscription_list(*, partner, customer, active_only: bool = False) -> QuerySet[AzureSubscription]:
    subscriptions = AzureSubscription.objects.filter(partner=partner, customer=customer).select_related("plan")
    if active_only:
        subscriptions = subscriptions.filter(status=AzureStatus.ACTIVE)
    return subscriptions.order_by("created_at", "id")


# --- reservations -----------------------------------------------------------------------------


def _partner_of(user):
    if getattr(user, "is_customer_user", False):
        return user.customer.partner_id
    return user.partner_id


# What a reservation's representation reads besides its order, joined into the query that reads it.
RESERVATION_RELATED = ("customer", "applied_subscription", "billing_subscription", "availability__sku__product")
# All Azure's reservation resource reads besides the row: its order and its two subscriptions.
AZURE_RESERVATION_RELATED = ("order", "applied_subscription", "billing_subscription")
# What a customer's reservations tab reads besides the row and its order: the Single scope's subscription and
# the SKU (region, vCPUs). Its customer is the page's own, and it shows neither the product nor the billing
# subscription. Joining those three too took its query from 1.8 to 3.3 ms (26 rows, bench data).
CUSTOMER_TAB_RELATED = ("applied_subscription", "availability__sku")


def _visible(user, reservations: QuerySet) -> QuerySet:
    """Filter to what the user may read: every reservation with view_reservations, else assigned ones."""
    if getattr(user, "is_partner_user", False) and has_capability(user, Capability.VIEW_RESERVATIONS):
        return reservations
    if getattr(user, "pk", None) is None:
        return reservations.none()
    return reservations.filter(role_assignments__user=user).distinct()


def _with_my_roles(user, reservations: QuerySet) -> QuerySet:
    """Each reservation with the user's role assignments on it (`my_assignments`, read by `access_of`).

    A principal without a pk (an application) holds no assignment: `access_of` then finds none without
    a prefetch, which would only run Django's prefetch machinery over every row for an empty result.
    """
    pk = getattr(user, "pk", None)
    if pk is None:
        return reservations
    # Ordered within each reservation as the model orders them, without the joins that ordering by the
    # reservation (its order's purchase date) would add to a query that only reads these rows.
    mine = ReservationRoleAssignment.objects.filter(user_id=pk).order_by("role", "id")
    return reservations.prefetch_related(Prefetch("role_assignments", queryset=mine, to_attr="my_assignments"))


def reservation_list(*, user, customer=None, related=RESERVATION_RELATED) -> QuerySet[Reservation]:
    """The reservations the user may read (of one customer when given), newest order first.

    `related`: what to join besides the order (a page that reads less, less: CUSTOMER_TAB_RELATED).
    """
    reservations = Reservation.objects.filter(partner_id=_partner_of(user))
    if getattr(user, "is_customer_user", False):
        reservations = reservations.filter(customer_id=user.customer_id)
    if customer is not None:
        reservations = reservations.filter(customer=customer)
    reservations = _visible(user, reservations).select_related("order", *related)
    return _with_my_roles(user, reservations).order_by("-order__purchased_at", "-id")


def reservation_get(*, user, reservation_id, customer=None) -> Reservation:
    """One reservation the user may read; 404 for another tenant's, an unassigned one, or a malformed id."""
    try:
        return reservation_list(user=user, customer=customer).get(reservation_id=reservation_id)
    except (Reservation.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound("No such reservation.") from exc


def access_of(user, reservation: Reservation) -> ReservationAccess:
    """The user's access to a reservation read through `reservation_list`/`reservation_get`."""
    assignments = getattr(reservation, "my_assignments", None)
    if assignments is None:
        pk = getattr(user, "pk", None)
        assigned = (
            ReservationRoleAssignment.objects.filter(reservation=reservation, user_id=pk) if pk is not None else []
        )
        roles = [assignment.role for assignment in assigned]
    else:
        roles = [assignment.role for assignment in assignments]
    return reservation_access(user, assigned_roles=roles)


def reservation_order_list(*, user, customer=None) -> QuerySet[ReservationOrder]:
    """Reservation orders holding at least one reservation the user may read, with those reservations.

    Only the rows: Azure's order resource and its payment schedule read nothing related but the
    reservations (the prefetch sets each reservation's order to the order it was read for).
    """
    visible = reservation_list(user=user, customer=customer)
    return (
        ReservationOrder.objects.filter(pk__in=visible.values("order_id"))
        .prefetch_related(Prefetch("reservations", queryset=visible.select_related(None).order_by("id")))
        .order_by("-purchased_at", "-id")
    )


def reservation_order_get(*, user, reservation_order_id, customer=None) -> ReservationOrder:
    try:
        return reservation_order_list(user=user, customer=customer).get(reservation_order_id=reservation_order_id)
    except (ReservationOrder.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise ReservationOrderNotFound(f"The reservation order '{reservation_order_id}' was not found.") from exc


def reservation_in_order_get(
    *, user, reservation_order_id: uuid.UUID, reservation_id: uuid.UUID, customer=None, related=RESERVATION_RELATED
) -> Reservation:
    """A reservation of the order the user may read (Azure's paths name both), read with its order in one query.

    Only a miss reads the order, to answer as before: ReservationOrderNotFound when the user may read
    no reservation of it, ReservationNotInOrder when it holds no such reservation the user may read.
    `related`: what to join besides the order (AZURE_RESERVATION_RELATED when only Azure's resource is read).
    """
    reservations = reservation_list(user=user, customer=customer).select_related(None)
    try:
        return reservations.select_related("order", *related).get(
            order__reservation_order_id=reservation_order_id, reservation_id=reservation_id
        )
    except Reservation.DoesNotExist:
        order = reservation_order_get(user=user, reservation_order_id=reservation_order_id, customer=customer)
    raise ReservationNotInOrder(
        f"The reservation '{reservation_id}' is not in the reservation order '{order.reservation_order_id}'."
    )


def role_assignment_list(*, reservation) -> QuerySet[ReservationRoleAssignment]:
    return reservation.role_assignments.select_related("user", "user__customer").order_by("role", "user__username")


def assignable_users(*, reservation):
    """Who may be given a role on the reservation: the partner's users and the customer's users."""
    from accounts.models import User

    return User.objects.filter(
        Q(partner_id=reservation.partner_id) | Q(customer_id=reservation.customer_id), is_active=True
    ).order_by("username")


# --- utilization ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UtilizationAverages:
    """Average daily utilization (percent) over the last 1, 7 and 30 days; None where no day is recorded."""

    day_1: Decimal | None
    day_7: Decimal | None
    day_30: Decimal | None

    def by_grain(self) -> dict[int, Decimal | None]:
        return {1: self.day_1, 7: self.day_7, 30: self.day_30}


def utilization_averages(*, reservation_ids, as_of: date) -> dict[int, UtilizationAverages]:
    """Averages per reservation pk over the days ending the day before `as_of` (one query for all)."""
    last = as_of - timedelta(days=1)
    rows = (
        UtilizationDay.objects.filter(reservation_id__in=list(reservation_ids), day__gt=last - timedelta(days=30))
        .filter(day__lte=last)
        .order_by()  # the model's ordering (by reservation, by order) would join both tables for nothing
        .values("reservation_id")
        .annotate(
            day_1=Avg("utilization_percent", filter=Q(day=last)),
            day_7=Avg("utilization_percent", filter=Q(day__gt=last - timedelta(days=7))),
            day_30=Avg("utilization_percent"),
        )
    )
    quantize = Decimal("0.01")

    def rounded(value):
        return None if value is None else Decimal(value).quantize(quantize)

    return {
        row["reservation_id"]: UtilizationAverages(
            day_1=rounded(row["day_1"]), day_7=rounded(row["day_7"]), day_30=rounded(row["day_30"])
        )
        for row in rows
    }


def utilization_series(*, reservation, as_of: date, days: int = 30) -> list[UtilizationDay]:
    """The reservation's daily rows for the `days` days before `as_of`, oldest first (for the chart)."""
    return list(
        reservation.utilization_days.filter(day__gte=as_of - timedelta(days=days), day__lt=as_of).order_by("day")
    )


# --- catalog ----------------------------------------------------------------------------------


def reservation_offer_list(*, market: str, reserved_resource_type: str = "", location: str = ""):
    """Priced reservation SKUs in the market, optionally of one type and region (Add products, Azure catalog)."""
    offers = commerce_selectors.offer_list(market=market, product_type=ProductType.RESERVATION)
    return [
        offer
        for offer in offers
        if (not reserved_resource_type or offer.sku.attributes.get("reservedResourceType") == reserved_resource_type)
        and (not location or offer.sku.attributes.get("armRegionName") == location)
    ]


def reservation_offer_find(*, market: str, reserved_resource_type: str, sku_name: str, location: str, term: str):
    """The priced catalog item Azure's purchase body names (type, SKU name, region, term), or None."""
    price = (
        Price.objects.filter(
            market=market,
            availability__sku__product__product_type=ProductType.RESERVATION,
            availability__sku__term_duration=term,
            availability__sku__attributes__reservedResourceType=reserved_resource_type,
            availability__sku__attributes__armSkuName__iexact=sku_name,
            availability__sku__attributes__armRegionName=location.lower(),
        )
        .select_related("availability__sku__product")
        .first()
    )
    return None if price is None else commerce_selectors.Offer(availability=price.availability, price=price)


def azure_plan_offer(*, market: str):
    """The Azure plan's priced catalog item in the market, or None."""
    offers = commerce_selectors.offer_list(market=market, product_type=ProductType.AZURE_PLAN)
    return offers[0] if offers else None


def reservation_order_entitlements(*, partner, customer) -> QuerySet[ReservationOrder]:
    """The customer's reservation orders with their reservations and SKUs, for reservedInstance entitlements."""
    return (
        ReservationOrder.objects.filter(partner=partner, customer=customer)
        .select_related("order_line__order")
        .prefetch_related(
            Prefetch(
                "reservations",
                queryset=Reservation.objects.select_related("availability__sku__product").order_by("id"),
            )
        )
    )
