"""Buying reservations: the one purchase path for the Add products page, Partner Center orders and carts,
Azure's `PUT reservationOrders/{id}` and the back office's "Buy Azure reservation".

Every path places a commerce order whose line carries Partner Center's `provisioningContext`
(`subscriptionId`, `scope`, `duration`, plus the simulator's `displayName`, `renew`,
`instanceFlexibility`, `reservationOrderId`, and `appliedSubscriptionId` for a Single scope on
another subscription); commerce checks the market, catalog item, price, quantity, billing cycle
and the buyer's role, then hands the line to `reservations_fulfil`, which checks the reservation
rules and creates the reservation order, its reservation, the first payment and the audit record,
in the order's transaction (a refusal leaves nothing behind).
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from commerce import selectors as commerce_selectors
from commerce import services as commerce_services
from commerce.models import BillingCycle, OrderLine
from commerce.tax import TaxSplit, tax_rule, tax_split
from partnercenter.audit import actor_fields, audit_record_write
from partnercenter.money import round_money
from reservations import selectors
from reservations.errors import (
    AzurePlanRequired,
    CancelNotAllowed,
    InvalidBillingPlan,
    InvalidScope,
    ReservationError,
    ReservationOrderIdExists,
    SubscriptionNotOwned,
    UnsupportedTerm,
)
from reservations.models import (
    TERM_MONTHS,
    AppliedScopeType,
    AzureStatus,
    AzureSubscription,
    BillingPlan,
    InstanceFlexibility,
    Reservation,
    ReservationOrder,
    ReservationStateChange,
    ReservedResourceType,
    add_months,
    day_start,
)
from reservations.services import instalments, lifecycle_schedule
from reservations.services.validation import display_name_clean

# Partner Center's wire values, compared case-insensitively.
SCOPES = {"single": AppliedScopeType.SINGLE, "shared": AppliedScopeType.SHARED}
DURATIONS = {"1year": "P1Y", "1years": "P1Y", "p1y": "P1Y", "3year": "P3Y", "3years": "P3Y", "p3y": "P3Y"}
BILLING_PLAN_OF_CYCLE: dict[str, str] = {
    BillingCycle.ONE_TIME: BillingPlan.UPFRONT,
    BillingCycle.MONTHLY: BillingPlan.MONTHLY,
}
CYCLE_OF_BILLING_PLAN: dict[str, str] = {plan: cycle for cycle, plan in BILLING_PLAN_OF_CYCLE.items()}
BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class ProvisioningRequest:
    """A line's provisioningContext once checked against the customer and the SKU."""

    billing_subscription: AzureSubscription
    scope: str
    applied_subscription: AzureSubscription | None
    display_name: str
    renew: bool
    instance_flexibility: str
    reservation_order_id: uuid.UUID


def customer_subscription(*, customer, value) -> AzureSubscription:
    try:
        subscription_id = uuid.UUID(str(value))
    except (ValueError, TypeError) as exc:
        raise SubscriptionNotOwned(_("'%(id)s' is not an Azure subscription id.") % {"id": value}) from exc
    subscription = AzureSubscription.objects.filter(
        customer=customer, subscription_id=subscription_id, status=AzureStatus.ACTIVE
    ).first()
    if subscription is None:
        raise SubscriptionNotOwned(
            _("Azure subscription %(id)s is not an active subscription of %(customer)s.")
            % {"id": subscription_id, "customer": customer}
        )
    return subscription


def scope_parse(value) -> str:
    """Single or Shared from Partner Center's `scope` or Azure's `appliedScopeType` (any case)."""
    scope = SCOPES.get(str(value or "").strip().lower())
    if scope is None:
        raise InvalidScope(_("The scope must be Single or Shared, not '%(scope)s'.") % {"scope": value})
    return scope


def _flag(context: dict, key: str, default: bool) -> bool:
    raw = context.get(key)
    if raw in (None, ""):
        return default
    value = BOOLEANS.get(str(raw).strip().lower())
    if value is None:
        raise ReservationError(
            _("%(key)s must be true or false.") % {"key": key}, error_name="InvalidProvisioningContext"
        )
    return value


def _default_name(sku, at) -> str:
    """Azure's default shape: the resource type and the purchase time, e.g. VirtualMachines_2026-12-01_14-32."""
    return f"{sku.attributes.get('reservedResourceType', 'Reservation')}_{at:%Y-%m-%d_%H-%M}"


def _context_read(*, line: OrderLine, customer, sku, at) -> ProvisioningRequest:
    """Check a reservation line's provisioningContext; raises a ReservationError naming the first problem."""
    context = {str(k)[:1].lower() + str(k)[1:]: v for k, v in (line.provisioning_context or {}).items()}
    if not context.get("subscriptionId"):
        raise ReservationError(
            _("A reservation needs provisioningContext.subscriptionId: the Azure subscription it is billed to."),
            error_name="MissingSubscriptionId",
            azure_code="BillingScopeIdNotFound",
        )
    billing_subscription = customer_subscription(customer=customer, value=context["subscriptionId"])
    scope = scope_parse(context.get("scope") or "shared")
    # Partner Center's Single scope applies the reservation to the subscription it is bought with; Azure's
    # purchase may name another of the customer's subscriptions (appliedScopes).
    applied = None
    if scope == AppliedScopeType.SINGLE:
        other = context.get("appliedSubscriptionId")
        applied = customer_subscription(customer=customer, value=other) if other else billing_subscription
    duration = context.get("duration")
    if duration not in (None, ""):
        term = DURATIONS.get(str(duration).strip().lower())
        if term != sku.term_duration:
            raise UnsupportedTerm(
                _("Duration %(duration)s does not match %(item)s, whose term is %(term)s.")
                % {"duration": duration, "item": line.offer_id, "term": sku.term_duration}
            )
    flexibility = str(context.get("instanceFlexibility") or InstanceFlexibility.ON).strip().capitalize()
    if flexibility not in InstanceFlexibility.values:
        raise ReservationError(_("instanceFlexibility must be On or Off."), error_name="InvalidProvisioningContext")
    if flexibility == InstanceFlexibility.OFF and sku.attributes.get("reservedResourceType") != "VirtualMachines":
        flexibility = InstanceFlexibility.ON
    order_id = context.get("reservationOrderId")
    try:
        reservation_order_id = uuid.UUID(str(order_id)) if order_id else uuid.uuid4()
    except ValueError as exc:
        raise ReservationError(
            _("'%(id)s' is not a reservation order id.") % {"id": order_id}, azure_code="InvalidReservationOrderId"
        ) from exc
    if ReservationOrder.objects.filter(reservation_order_id=reservation_order_id).exists():
        raise ReservationOrderIdExists(_("Reservation order %(id)s already exists.") % {"id": reservation_order_id})
    return ProvisioningRequest(
        billing_subscription=billing_subscription,
        scope=scope,
        applied_subscription=applied,
        display_name=display_name_clean(context.get("displayName") or _default_name(sku, at)),
        renew=_flag(context, "renew", default=False),
        instance_flexibility=flexibility,
        reservation_order_id=reservation_order_id,
    )


def _audit_purchase(*, reservation: Reservation, actor) -> None:
    order = reservation.order
    audit_record_write(
        partner=reservation.partner,
        actor=actor,
        operation_type="purchase_reservation",
        resource_type="azure_reservation",
        customer=reservation.customer,
        new_value={
            "reservationOrderId": str(order.reservation_order_id),
            "reservationId": str(reservation.reservation_id),
            "sku": reservation.sku_name,
            "location": reservation.location,
            "quantity": reservation.quantity,
            "term": order.term,
            "billingPlan": order.billing_plan,
            "appliedScopeType": reservation.applied_scope_type,
        },
        customized_data={
            "OrderId": order.order_line.order.order_id if order.order_line else "",
            "ReservationOrderId": order.reservation_order_id,
            "ReservationId": reservation.reservation_id,
            "Amount": reservation.term_amount,
            "Currency": reservation.currency,
        },
        when=order.purchased_at,
    )


def reservations_fulfil(*, order, lines, actor) -> list[ReservationOrder]:
    """Commerce's fulfil hook for reservation lines: one reservation order with one reservation per line.

    Raises a ReservationError (the whole order rolls back) when the customer has no Azure plan or a
    line's provisioning context is wrong (subscription not the customer's, scope, duration, ...).
    """
    customer = order.customer
    if selectors.azure_plan_get(partner=order.partner, customer=customer) is None:
        raise AzurePlanRequired(
            _("%(customer)s has no Azure plan: buy the Azure plan before reservations.") % {"customer": customer}
        )
    billing_plan = BILLING_PLAN_OF_CYCLE.get(order.billing_cycle)
    if billing_plan is None:
        raise InvalidBillingPlan(_("Reservations are billed one_time (upfront) or monthly."))
    lines = OrderLine.objects.filter(pk__in=[line.pk for line in lines]).select_related("availability__sku__product")
    created = []
    for line in lines.order_by("pk"):
        sku = line.availability.sku
        request = _context_read(line=line, customer=customer, sku=sku, at=order.created_at)
        benefit_start = day_start(order.created_at)
        try:
            with transaction.atomic():
                reservation_order = ReservationOrder.objects.create(
                    partner=order.partner,
                    customer=customer,
                    reservation_order_id=request.reservation_order_id,
                    display_name=request.display_name,
                    term=sku.term_duration,
                    billing_plan=billing_plan,
                    currency=line.currency,
                    original_quantity=line.quantity,
                    purchased_at=order.created_at,
                    benefit_start=benefit_start,
                    expires_at=add_months(benefit_start, TERM_MONTHS[sku.term_duration]),
                    order_line=line,
                    created_by=actor_fields(actor).get("user_principal_name", ""),
                )
        except IntegrityError as exc:
            raise ReservationOrderIdExists(
                _("Reservation order %(id)s already exists.") % {"id": request.reservation_order_id}
            ) from exc
        resource_type = sku.attributes.get("reservedResourceType", ReservedResourceType.VIRTUAL_MACHINES)
        reservation = Reservation.objects.create(
            order=reservation_order,
            partner=order.partner,
            customer=customer,
            availability=line.availability,
            reserved_resource_type=resource_type,
            sku_name=sku.attributes.get("armSkuName", sku.sku_id),
            sku_description=sku.title,
            location=sku.attributes.get("armRegionName", ""),
            quantity=line.quantity,
            display_name=request.display_name,
            applied_scope_type=request.scope,
            applied_subscription=request.applied_subscription,
            billing_subscription=request.billing_subscription,
            instance_flexibility=request.instance_flexibility,
            renew=request.renew,
            unit_price=line.unit_price,
            currency=line.currency,
            last_updated_at=order.created_at,
        )
        ReservationStateChange.objects.create(
            reservation=reservation,
            new_state=reservation.provisioning_state,
            at=order.created_at,
            actor=reservation_order.created_by or "system",
            reason="purchase",
        )
        instalments.first_payment_charge(reservation=reservation, order_id=order.order_id)
        _audit_purchase(reservation=reservation, actor=actor)
        created.append(reservation_order)
    lifecycle_schedule.daily_effects_ensure(partner=order.partner, after=order.created_at)
    return created


def reservation_cancel(*, order, lines, actor) -> None:
    """Commerce's cancel hook: outside Partner Center's sandbox a reservation order cannot be cancelled
    (800019); returns and exchanges are Azure's refund policy (part 2)."""
    raise CancelNotAllowed(
        _(
            "Non-Sandbox tenants are not allowed to cancel purchases other than software subscriptions "
            "and perpetual software."
        )
    )


@dataclass(frozen=True)
class Quote:
    """What a purchase would cost, before confirming: per payment and for the term, in the market currency.

    `term_total` and `first_payment` are price × quantity as the catalog states it; `term_tax` and
    `first_payment_tax` split them by the market's tax rule (inside the price in AU and BR, added elsewhere).
    """

    offer: commerce_selectors.Offer
    quantity: int
    billing_plan: str
    currency: str
    term_total: Decimal
    first_payment: Decimal
    payments: int
    tax_included: bool
    term_tax: TaxSplit
    first_payment_tax: TaxSplit


def reservation_quote(
    *, customer, catalog_item_id: str, quantity: int, billing_plan: str = BillingPlan.UPFRONT
) -> Quote:
    """Price a reservation in the customer's market (Add products summary, Azure calculatePrice).

    Same checks as the order for market, catalog item, quantity and billing plan; writes nothing.
    """
    plan = billing_plan_parse(billing_plan)
    priced = commerce_services.line_items_validate(
        customer=customer,
        line_items=[
            {"catalog_item_id": catalog_item_id, "quantity": quantity, "billing_cycle": CYCLE_OF_BILLING_PLAN[plan]}
        ],
    )[0]
    offer = priced.offer
    payments = TERM_MONTHS[offer.sku.term_duration] if plan == BillingPlan.MONTHLY else 1
    currency = offer.price.currency
    market = str(customer.market)
    term_total = round_money(offer.unit_price * quantity, currency)
    first = instalments.unit_instalment(unit_price=offer.unit_price, currency=currency, count=payments, sequence=0)
    first_payment = round_money(first * quantity, currency)
    return Quote(
        offer=offer,
        quantity=quantity,
        billing_plan=plan,
        currency=currency,
        term_total=term_total,
        first_payment=first_payment,
        payments=payments,
        tax_included=tax_rule(market).inclusive,
        term_tax=tax_split(amount=term_total, market=market, currency=currency),
        first_payment_tax=tax_split(amount=first_payment, market=market, currency=currency),
    )


def billing_plan_parse(value) -> str:
    """Upfront or Monthly from Azure's billingPlan or Partner Center's billingCycle (any case)."""
    text = str(value or "").strip().lower()
    for plan in BillingPlan:
        if text in (plan.value.lower(), CYCLE_OF_BILLING_PLAN[plan]):
            return plan
    raise InvalidBillingPlan(_("The billing plan must be Upfront or Monthly, not '%(plan)s'.") % {"plan": value})


def reservation_purchase(
    *,
    customer,
    actor,
    catalog_item_id: str,
    quantity: int,
    subscription_id,
    scope: str = AppliedScopeType.SHARED,
    billing_plan: str = BillingPlan.UPFRONT,
    duration: str = "",
    display_name: str = "",
    renew: bool = False,
    instance_flexibility: str = InstanceFlexibility.ON,
    reservation_order_id=None,
    applied_subscription_id=None,
) -> ReservationOrder:
    """Buy one reservation for a customer through a commerce order; returns its reservation order.

    The page, the back office and Azure's PUT call it; Partner Center's orders and carts reach the same
    fulfilment through commerce. `duration` (Partner Center's 1Year/3Years), when given, must be the SKU's term.
    Raises a DomainError (nothing written, a failed audit record kept): unavailable market, unknown
    catalog item, quantity outside 1–1000, billing plan, role, no Azure plan, a subscription that is
    not the customer's, scope, duration, display name, a reservation order id already used.
    """
    context = {
        "subscriptionId": str(subscription_id or ""),
        "scope": str(scope),
        "renew": "true" if renew else "false",
        "instanceFlexibility": str(instance_flexibility),
    }
    if duration:
        context["duration"] = str(duration)
    if display_name:
        context["displayName"] = display_name
    if reservation_order_id:
        context["reservationOrderId"] = str(reservation_order_id)
    if applied_subscription_id:
        context["appliedSubscriptionId"] = str(applied_subscription_id)
    order = commerce_services.order_create(
        customer=customer,
        actor=actor,
        line_items=[
            {
                "catalog_item_id": catalog_item_id,
                "quantity": quantity,
                "billing_cycle": CYCLE_OF_BILLING_PLAN[billing_plan_parse(billing_plan)],
                "provisioning_context": context,
            }
        ],
    )
    return ReservationOrder.objects.select_related("customer").get(order_line__order=order)
