"""The Azure plan (bought through commerce like any product) and the Azure subscriptions under it.

Buying the plan creates Partner Center's plan subscription and the customer's first Azure
subscription; more subscriptions are added one at a time. A customer has at most one live plan.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.permissions import Capability, has_capability, is_operator
from commerce import services as commerce_services
from commerce.markets import market_validate
from customers.models import Customer
from partnercenter import clock
from partnercenter.audit import audit_record_write, refusals_audited
from partnercenter.errors import DomainError
from reservations import selectors
from reservations.errors import (
    AzurePlanAlreadyExists,
    AzurePlanRequired,
    CancelNotAllowed,
    ReservationError,
    ReservationForbidden,
)
from reservations.models import AzurePlan, AzureStatus, AzureSubscription

MAX_AZURE_SUBSCRIPTIONS = 25
FIRST_SUBSCRIPTION_NAME = "Azure subscription 1"


def _subscription_name(value) -> str:
    name = " ".join(str(value or "").split())
    if not 1 <= len(name) <= 64 or any(ord(ch) < 32 for ch in name):
        raise ReservationError(_("An Azure subscription name is 1 to 64 characters."), error_name="InvalidFriendlyName")
    return name


def _audit_subscription(*, subscription: AzureSubscription, actor, when) -> None:
    audit_record_write(
        partner=subscription.plan.partner,
        actor=actor,
        operation_type="create_azure_subscription",
        resource_type="subscription",
        customer=subscription.customer,
        new_value={
            "id": str(subscription.subscription_id),
            "friendlyName": subscription.friendly_name,
            "status": subscription.status,
        },
        customized_data={
            "AzurePlanId": subscription.plan.subscription_id,
            "SubscriptionId": subscription.subscription_id,
            "SubscriptionName": subscription.friendly_name,
        },
        when=when,
    )


def azure_plan_fulfil(*, order, lines, actor) -> list[AzurePlan]:
    """Commerce's fulfil hook: the plan subscription and its first Azure subscription, per line (quantity 1).

    The customer row is locked so two concurrent plan purchases cannot both pass the one-plan check.
    """
    Customer.objects.select_for_update().filter(pk=order.customer_id).first()
    plans = []
    for line in lines:
        if line.quantity != 1:
            raise ReservationError(_("An Azure plan is bought with quantity 1."), error_name="InvalidQuantity")
        if selectors.azure_plan_get(partner=order.partner, customer=order.customer) is not None:
            raise AzurePlanAlreadyExists(_("%(customer)s already has an Azure plan.") % {"customer": order.customer})
        name = _subscription_name(line.provisioning_context.get("friendlyName") or FIRST_SUBSCRIPTION_NAME)
        try:
            with transaction.atomic():
                plan = AzurePlan.objects.create(
                    partner=order.partner, customer=order.customer, order_line=line, created_at=order.created_at
                )
        except IntegrityError as exc:
            raise AzurePlanAlreadyExists(
                _("%(customer)s already has an Azure plan.") % {"customer": order.customer}
            ) from exc
        subscription = AzureSubscription.objects.create(
            plan=plan, partner=order.partner, customer=order.customer, friendly_name=name, created_at=order.created_at
        )
        _audit_subscription(subscription=subscription, actor=actor, when=order.created_at)
        plans.append(plan)
    return plans


def azure_plan_cancel(*, order, lines, actor) -> None:
    """Commerce's cancel hook: Partner Center does not cancel an Azure plan by cancelling its order."""
    raise CancelNotAllowed(
        _(
            "Non-Sandbox tenants are not allowed to cancel purchases other than software subscriptions "
            "and perpetual software."
        )
    )


def azure_plan_purchase(*, customer, actor, friendly_name: str = FIRST_SUBSCRIPTION_NAME) -> AzurePlan:
    """Buy the Azure plan for a customer through a commerce order (the one path for page, API and demo).

    Raises a DomainError: unavailable market, no Azure plan price in the market, a plan already
    there, a bad subscription name, or a role that may not buy it.
    """
    market = market_validate(customer.market)
    offer = selectors.azure_plan_offer(market=market)
    if offer is None:
        raise ReservationError(
            _("The Azure plan is not sold in market %(market)s.") % {"market": market}, error_name="PriceNotFound"
        )
    order = commerce_services.order_create(
        customer=customer,
        actor=actor,
        line_items=[
            {
                "catalog_item_id": offer.catalog_item_id,
                "quantity": 1,
                "provisioning_context": {"friendlyName": _subscription_name(friendly_name)},
            }
        ],
    )
    return AzurePlan.objects.select_related("customer").get(order_line__order=order)


def _may_add_subscription(actor) -> bool:
    return actor is None or is_operator(actor) or has_capability(actor, Capability.BUY_AZURE_PLAN)


def azure_subscription_add(*, customer, actor, friendly_name: str) -> AzureSubscription:
    """Add an Azure subscription under the customer's plan.

    Refuses (DomainError, nothing written): a role without buy_azure_plan (403), no live plan,
    a name that is empty, too long or already used by the customer, more than 25 subscriptions.
    """
    partner = customer.partner
    with refusals_audited(
        errors=(DomainError,),
        partner=partner,
        actor=actor,
        operation_type="create_azure_subscription",
        resource_type="subscription",
        customer=customer,
    ):
        if not _may_add_subscription(actor):
            raise ReservationForbidden(_("Your role does not allow adding Azure subscriptions."))
        name = _subscription_name(friendly_name)
        with transaction.atomic():
            plan = (
                AzurePlan.objects.select_for_update()
                .filter(partner=partner, customer=customer)
                .exclude(status=AzureStatus.DELETED)
                .first()
            )
            if plan is None:
                raise AzurePlanRequired(
                    _("%(customer)s has no Azure plan: buy the Azure plan first.") % {"customer": customer}
                )
            existing = plan.azure_subscriptions.all()
            if existing.count() >= MAX_AZURE_SUBSCRIPTIONS:
                raise ReservationError(
                    _("An Azure plan holds at most %(max)d Azure subscriptions.") % {"max": MAX_AZURE_SUBSCRIPTIONS},
                    error_name="MaxSubscriptionsReached",
                )
            if AzureSubscription.objects.filter(customer=customer, friendly_name=name).exists():
                raise ReservationError(
                    _("%(customer)s already has an Azure subscription named %(name)s.")
                    % {"customer": customer, "name": name},
                    error_name="DuplicateFriendlyName",
                )
            now = clock.now(partner)
            subscription = AzureSubscription.objects.create(
                plan=plan, partner=partner, customer=customer, friendly_name=name, created_at=now
            )
            _audit_subscription(subscription=subscription, actor=actor, when=now)
        return subscription
