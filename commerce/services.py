"""Writes on carts and orders: every path (dashboard, API, admin, demo data) buys and cancels here.

An order is validated whole before anything is written (market, catalog item, price in the
customer's market, quantity, term, duplicates, the buyer's capability), then created in the
partner's clock with its lines, and each line is handed to the app that owns its product type
(`commerce.fulfilment`) inside the same transaction, so a refused fulfilment leaves no order.
Cancellation only resolves and locks the lines; the owner applies its own rules.
"""

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_buy
from commerce import fulfilment, selectors
from commerce.errors import CommerceError
from commerce.markets import market_validate
from commerce.models import (
    Availability,
    Cart,
    CartLine,
    CartStatus,
    Order,
    OrderLine,
    OrderStatus,
)
from partnercenter import clock
from partnercenter.audit import actor_fields, audit_record_write, refusals_audited
from partnercenter.errors import DomainError, Forbidden, NotFound
from partnercenter.prepared import PreparedQuery

MAX_LINE_QUANTITY = 1000
MAX_ORDER_LINES = 50
CART_LIFETIME = timedelta(minutes=15)
MAX_PROVISIONING_CONTEXT_KEYS = 20


@dataclass(frozen=True)
class PricedLine:
    """A validated line item: the offer in the customer's market, the quantity and billing cycle asked for,
    and the provisioning context its product's owner reads when it fulfils the line."""

    offer: selectors.Offer
    quantity: int
    billing_cycle: str
    provisioning_context: dict


def _invalid(description: str, error_name: str, code: int = 800002) -> CommerceError:
    return CommerceError(code, description, error_name=error_name)


def _actor_label(actor) -> str:
    fields = actor_fields(actor)
    return fields.get("user_principal_name") or fields.get("application_id", "")


def _quantity(value, catalog_item_id: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LINE_QUANTITY:
        raise _invalid(
            _("The quantity of %(item)s must be a whole number from 1 to %(max)d.")
            % {"item": catalog_item_id, "max": MAX_LINE_QUANTITY},
            "InvalidQuantity",
            code=2002,
        )
    return value


def _offer(catalog_item_id: str, market: str) -> selectors.Offer:
    offer = selectors.offer_get(catalog_item_id=catalog_item_id, market=market)
    if offer is not None:
        return offer
    availability_id = catalog_item_id.rsplit(":", 1)[-1]
    if Availability.objects.filter(availability_id=availability_id).exists():
        raise _invalid(
            _("Catalog item %(item)s has no price in market %(market)s.") % {"item": catalog_item_id, "market": market},
            "PriceNotFound",
        )
    raise _invalid(_("Catalog item %(item)s does not exist.") % {"item": catalog_item_id}, "CatalogItemNotFound")


def _check_term(item: Mapping, offer: selectors.Offer) -> None:
    term = item.get("term_duration")
    if term is None or (term == "" and not offer.sku.term_duration):
        return
    if term != offer.sku.term_duration:
        offered = offer.sku.term_duration or _("none (perpetual)")
        raise _invalid(
            _("Term %(term)s is not offered for %(item)s; its term is %(offered)s.")
            % {"term": term, "item": offer.catalog_item_id, "offered": offered},
            "InvalidTermDuration",
        )


def _billing_cycle(item: Mapping, offer: selectors.Offer) -> str:
    """The cycle asked for (the SKU's default when absent), one of the SKU's supported cycles."""
    cycle = item.get("billing_cycle")
    supported = offer.sku.supported_billing_cycles
    if cycle in (None, ""):
        return supported[0]
    if cycle not in supported:
        raise _invalid(
            _("Billing cycle %(cycle)s is not offered for %(item)s; use %(offered)s.")
            % {"cycle": cycle, "item": offer.catalog_item_id, "offered": ", ".join(supported)},
            "InvalidBillingCycle",
        )
    return cycle


def _provisioning_context(item: Mapping, catalog_item_id: str) -> dict:
    """A flat object of short strings (Partner Center's provisioningContext); its meaning is the owner's."""
    context = item.get("provisioning_context")
    if context in (None, ""):
        return {}
    if (
        not isinstance(context, Mapping)
        or len(context) > MAX_PROVISIONING_CONTEXT_KEYS
        or not all(
            isinstance(k, str) and isinstance(v, str) and len(k) <= 50 and len(v) <= 200 for k, v in context.items()
        )
    ):
        raise _invalid(
            _("The provisioningContext of %(item)s must be an object of at most %(max)d text values.")
            % {"item": catalog_item_id, "max": MAX_PROVISIONING_CONTEXT_KEYS},
            "InvalidProvisioningContext",
        )
    return dict(context)


def _check_buyer(actor, offers: list[selectors.Offer]) -> None:
    """A user or application needs the right to buy every product type ordered (None = the system)."""
    if not all(can_buy(actor, product_type) for product_type in {offer.product.product_type for offer in offers}):
        raise Forbidden(_("Your role does not allow buying these products."))


def _line_items_price(*, customer, actor, line_items) -> list[PricedLine]:
    """Validate line items `[{"offer_id"|"catalog_item_id", "quantity", "term_duration"?, "billing_cycle"?,
    "provisioning_context"?}]`.

    Raises CommerceError naming the first problem; writes nothing.
    """
    market = market_validate(customer.market)
    if not isinstance(line_items, list | tuple) or not line_items:
        raise _invalid(_("An order needs at least one line item."), "NoLineItems")
    if len(line_items) > MAX_ORDER_LINES:
        raise _invalid(
            _("An order can have at most %(max)d line items.") % {"max": MAX_ORDER_LINES}, "TooManyLineItems"
        )
    priced, seen = [], set()
    for item in line_items:
        if not isinstance(item, Mapping):
            raise _invalid(_("Each line item must be an object."), "InvalidLineItem")
        catalog_item_id = str(item.get("offer_id") or item.get("catalog_item_id") or "").strip()
        if not catalog_item_id:
            raise _invalid(_("Each line item needs an offerId (catalog item id)."), "MissingOfferId")
        if catalog_item_id in seen:
            raise _invalid(
                _("Catalog item %(item)s appears on more than one line; order it once with the total quantity.")
                % {"item": catalog_item_id},
                "DuplicateLineItem",
            )
        seen.add(catalog_item_id)
        quantity = _quantity(item.get("quantity"), catalog_item_id)
        offer = _offer(catalog_item_id, market)
        _check_term(item, offer)
        priced.append(
            PricedLine(
                offer=offer,
                quantity=quantity,
                billing_cycle=_billing_cycle(item, offer),
                provisioning_context=_provisioning_context(item, catalog_item_id),
            )
        )
    if len({line.billing_cycle for line in priced}) > 1:
        raise _invalid(_("All lines of one order must share a billing cycle."), "MixedBillingCycles")
    _check_buyer(actor, [line.offer for line in priced])
    return priced


def line_items_validate(*, customer, line_items, actor=None) -> list[PricedLine]:
    """Validate and price line items exactly as an order would, writing nothing (quotes, previews)."""
    return _line_items_price(customer=customer, actor=actor, line_items=line_items)


def _audit_order(*, order: Order, lines: list[OrderLine], actor, operation_type: str) -> None:
    data: dict[str, str | int] = {
        "OrderId": order.order_id,
        "AlternateId": order.alternate_id,
        "BillingCycle": order.billing_cycle,
    }
    for index, line in enumerate(lines):
        data[f"OfferId-{index}"] = line.offer_id
        data[f"SubscriptionName-{index}"] = line.friendly_name
        data[f"Quantity-{index}"] = line.quantity
    audit_record_write(
        partner=order.partner,
        actor=actor,
        operation_type=operation_type,
        resource_type="order",
        customer=order.customer,
        new_value={"id": order.order_id, "status": order.status, "currencyCode": order.currency},
        customized_data=data,
        when=order.created_at,
    )


def _refusals_audited(*, customer, actor, operation_type: str, data=None):
    """Refused orders and cancellations leave a `failed` audit record (Partner Center's operationStatus)."""
    return refusals_audited(
        errors=(DomainError,),
        partner=customer.partner,
        actor=actor,
        operation_type=operation_type,
        resource_type="order",
        customer=customer,
        data=data,
    )


def _product_type(line: OrderLine) -> str:
    return line.availability.sku.product.product_type


def order_create(*, customer, actor, line_items) -> Order:
    """Validate, price in the customer's market and create an order; each line's owner fulfils it.

    `actor` is the user or API principal buying (capability checked), or None for the system.
    Returns the order as written, with its customer and its lines (what `selectors.order_get` would read).
    Raises CommerceError (nothing written) on any refusal, including one from a fulfilment handler.
    """
    with _refusals_audited(customer=customer, actor=actor, operation_type="create_order"):
        partner = customer.partner
        priced = _line_items_price(customer=customer, actor=actor, line_items=line_items)
        with transaction.atomic():
            order = Order.objects.create(
                partner=partner,
                customer=customer,
                billing_cycle=priced[0].billing_cycle,
                currency=priced[0].offer.price.currency,
                status=OrderStatus.COMPLETED,
                created_at=clock.now(partner),
                created_by=_actor_label(actor),
            )
            lines = OrderLine.objects.bulk_create(
                OrderLine(
                    order=order,
                    line_number=number,
                    availability=line.offer.availability,
                    offer_id=line.offer.catalog_item_id,
                    friendly_name=line.offer.sku.title,
                    quantity=line.quantity,
                    term_duration=line.offer.sku.term_duration,
                    unit_price=line.offer.unit_price,
                    currency=line.offer.price.currency,
                    provisioning_context=line.provisioning_context,
                )
                for number, line in enumerate(priced)
            )
            for product_type, group in itertools.groupby(sorted(lines, key=_product_type), key=_product_type):
                fulfilment.handler_for(product_type).fulfil(order=order, lines=list(group), actor=actor)
            _audit_order(order=order, lines=lines, actor=actor, operation_type="create_order")
        return selectors.order_with_lines(order, lines)


def _line_numbers(value) -> set[int] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple | set) or not value:
        raise _invalid(
            _("List the line item numbers to cancel, or leave them out to cancel the whole order."),
            "InvalidLineItemNumber",
        )
    numbers = set()
    for number in value:
        if isinstance(number, bool) or not isinstance(number, int):
            raise _invalid(_("Line item numbers are whole numbers."), "InvalidLineItemNumber")
        numbers.add(number)
    return numbers


# A cancellation's reads, compiled once per connection: the order and its lines, locked.
_ORDER_LOCKED = PreparedQuery(
    lambda partner_id, customer_id, order_id: (
        Order.objects.select_for_update(of=("self",))
        .select_related("partner", "customer")
        .filter(partner_id=partner_id, customer_id=customer_id, order_id=order_id)
    ),
    partner_id=-1,
    customer_id=-2,
    order_id="prepared sample: no order id looks like this",
)
_LINES_LOCKED = PreparedQuery(
    lambda order_id: (
        OrderLine.objects.select_for_update(of=("self",))
        .select_related("availability__sku__product")
        .filter(order_id=order_id)
        .order_by("pk")
    ),
    order_id=-1,
)


def order_cancel(*, customer, order_id: str, line_numbers=None, actor) -> Order:
    """Ask the owners of the order's lines to cancel them (all lines when `line_numbers` is None).

    The order is locked for the whole call so concurrent cancellations of one order run one after
    another; the owner's `cancel` applies its window, capability and visibility rules and raises
    CommerceError to refuse. Returns the order as it will be once the cancellation takes effect
    (Partner Center's PATCH answer); reads show that state only after the visibility delay.
    """
    with _refusals_audited(customer=customer, actor=actor, operation_type="update_order", data={"OrderId": order_id}):
        with transaction.atomic():
            found = _ORDER_LOCKED(partner_id=customer.partner_id, customer_id=customer.pk, order_id=str(order_id))
            if not found:
                raise NotFound("No such order.")
            order = found[0]
            wanted = _line_numbers(line_numbers)
            every_line = lines = _LINES_LOCKED(order_id=order.pk)
            for line in lines:
                line.order = order  # as order.lines would give them
            if wanted is not None:
                unknown = wanted - {line.line_number for line in lines}
                if unknown:
                    raise _invalid(
                        _("Order %(order)s has no line item number %(numbers)s.")
                        % {"order": order.order_id, "numbers": ", ".join(str(n) for n in sorted(unknown))},
                        "InvalidLineItemNumber",
                    )
                lines = [line for line in lines if line.line_number in wanted]
            for product_type, group in itertools.groupby(sorted(lines, key=_product_type), key=_product_type):
                fulfilment.handler_for(product_type).cancel(order=order, lines=list(group), actor=actor)
        # The order and every line of it were locked above, so only the owners changed them since; an owner that
        # returns has confirmed the cancellation of each line it was given (it raises to refuse).
        return selectors.order_as_cancelled(
            selectors.order_with_lines(order, every_line), confirmed={line.pk for line in lines}
        )


def cart_create(*, customer, actor, line_items) -> Cart:
    """Validate line items like an order and keep them in a cart that expires after CART_LIFETIME."""
    partner = customer.partner
    priced = _line_items_price(customer=customer, actor=actor, line_items=line_items)
    now = clock.now(partner)
    with transaction.atomic():
        cart = Cart.objects.create(
            partner=partner,
            customer=customer,
            created_at=now,
            last_modified_at=now,
            expires_at=now + CART_LIFETIME,
            created_by=_actor_label(actor),
        )
        CartLine.objects.bulk_create(
            CartLine(
                cart=cart,
                line_id=number,
                availability=line.offer.availability,
                catalog_item_id=line.offer.catalog_item_id,
                friendly_name=line.offer.sku.title,
                quantity=line.quantity,
                term_duration=line.offer.sku.term_duration,
                billing_cycle=line.billing_cycle,
                currency=line.offer.price.currency,
                provisioning_context=line.provisioning_context,
            )
            for number, line in enumerate(priced)
        )
    return selectors.cart_get(partner=partner, customer=customer, cart_id=cart.cart_id)


def cart_checkout(*, customer, cart_id, actor) -> Order:
    """Turn an active, unexpired cart into an order (priced now); the cart is then Ordered."""
    with _refusals_audited(customer=customer, actor=actor, operation_type="create_order", data={"CartId": cart_id}):
        partner = customer.partner
        with transaction.atomic():
            cart = selectors.cart_get(partner=partner, customer=customer, cart_id=cart_id)
            cart = Cart.objects.select_for_update().get(pk=cart.pk)
            if cart.status == CartStatus.ORDERED:
                raise _invalid(
                    _("Cart %(cart)s has already been checked out.") % {"cart": cart.cart_id}, "CartAlreadyOrdered"
                )
            now = clock.now(partner)
            if now >= cart.expires_at:
                raise _invalid(
                    _("Cart %(cart)s expired at %(when)s; create a new cart.")
                    % {"cart": cart.cart_id, "when": cart.expires_at.isoformat()},
                    "CartExpired",
                )
            order = order_create(
                customer=customer,
                actor=actor,
                line_items=[
                    {
                        "catalog_item_id": line.catalog_item_id,
                        "quantity": line.quantity,
                        "term_duration": line.term_duration,
                        "billing_cycle": line.billing_cycle,
                        "provisioning_context": line.provisioning_context,
                    }
                    for line in cart.lines.order_by("line_id")
                ],
            )
            cart.status, cart.order, cart.last_modified_at = CartStatus.ORDERED, order, now
            cart.save(update_fields=["status", "order", "last_modified_at"])
        return order
