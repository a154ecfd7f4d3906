"""The one cancellation service (Software tab dialog, API PATCH through commerce, admin, support).

It confirms at once (line.cancel_requested_at, audit update_order) and schedules the visible
effect; `cancellations_take_effect` then cancels the lines, revokes keys and links and posts the
credits, each at its effect's due instant, for a batch of due effects at once. The rules
themselves live in software.policy.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, DateTimeField, Exists, OuterRef, Value, When
from django.utils.translation import gettext as _

from accounts.permissions import can_cancel_purchase, is_operator
from commerce.errors import CommerceError
from commerce.models import LineStatus, Order, OrderLine, OrderStatus
from partnercenter import clock, scheduler
from partnercenter.audit import audit_record_write, refusals_audited
from partnercenter.prepared import PreparedQuery
from software import policy
from software.models import DownloadLink, ProductKey, PurchaseStatus, SoftwarePurchase
from software.selectors import policy_for

CANCELLATION_EFFECT = "software.cancellation_takes_effect"


def _refusal(eligibility: policy.Eligibility) -> CommerceError:
    standing = eligibility.standing
    if standing == policy.Standing.WINDOW_CLOSED:
        return CommerceError(
            900117,
            _("You have passed your %(days)s-day cancellation window. We are unable to cancel your purchase")
            % {"days": eligibility.window_days},
            error_name="CancellationWindowPassed",
        )
    if standing == policy.Standing.NOT_CANCELLABLE:
        return CommerceError(
            800061,
            _("Order cannot be cancelled: SUSE Linux and Red Hat software plans cannot be cancelled or exchanged."),
            error_name="OrderCannotBeCancelled",
        )
    if standing == policy.Standing.IN_PROGRESS:
        return CommerceError(
            800061,
            _("Order cannot be cancelled: a cancellation of this line is already in progress."),
            error_name="CancellationInProgress",
        )
    return CommerceError(
        800061, _("Order cannot be cancelled: this line is already cancelled."), error_name="AlreadyCancelled"
    )


def _visibility_delay() -> timedelta:
    delay = settings.CANCELLATION_VISIBILITY_DELAY
    if settings.CANCELLATION_VISIBILITY_RANDOM:
        return timedelta(seconds=secrets.randbelow(int(delay.total_seconds()) + 1))
    return delay


# A cancellation's locks, compiled once per connection: the order row (its partner and customer are read, not
# locked, as every other service reads them: locking the partner's row made every cancellation of a partner
# wait for the one before), then the purchase of a line with the line.
_ORDER_LOCKED = PreparedQuery(
    lambda pk: Order.objects.select_for_update(of=("self",)).select_related("partner", "customer").filter(pk=pk),
    pk=-1,
)
_PURCHASE_OF_LINE_LOCKED = PreparedQuery(
    lambda line_pk, order_id: (
        SoftwarePurchase.objects.select_for_update(of=("self", "order_line"))
        .select_related("order_line")
        .filter(order_line_id=line_pk, order_line__order_id=order_id)
    ),
    line_pk=-1,
    order_id=-2,
)


def _purchases_locked(order, line_pks: list[int]) -> list[SoftwarePurchase]:
    """The purchases of the order's lines `line_pks` (sorted), each with its line, locked in line order."""
    if len(line_pks) == 1:  # the usual cancellation: one line, through the compiled statement
        return _PURCHASE_OF_LINE_LOCKED(line_pk=line_pks[0], order_id=order.pk)
    return list(
        SoftwarePurchase.objects.select_for_update(of=("self", "order_line"))
        .select_related("order_line")
        .filter(order_line_id__in=line_pks, order_line__order=order)
        .order_by("order_line_id")
    )


def purchase_cancel(*, order, lines, actor, through_support: bool = False) -> list[OrderLine]:
    """Cancel software lines of one order: all-or-nothing, confirmed now, visible after the delay.

    `through_support`: a support request approved by the operator's staff, which may use the support
    exception's window (software.policy.SUPPORT_WINDOW_DAYS) instead of the self-service one.
    Locks the order, then its lines and purchases in primary-key order, and checks every rule
    under the lock, so concurrent requests for the same line schedule exactly one effect. A refusal
    leaves a `failed` update_order audit record.
    """
    with refusals_audited(
        errors=(CommerceError,),
        partner=order.partner,
        actor=actor,
        operation_type="update_order",
        resource_type="order",
        customer=order.customer,
        data={"OrderId": order.order_id, **{f"LineItemNumber-{i}": line.line_number for i, line in enumerate(lines)}},
    ):
        return _lines_cancel(
            order=order, lines=lines, actor=actor, through_support=through_support, in_order_cancel=False
        )


def order_lines_cancel(*, order, lines, actor) -> list[OrderLine]:
    """Commerce's cancel hook, inside commerce's order_cancel: `purchase_cancel` without what that call already does.

    order_cancel's transaction holds the order's lock (and read `order` under it), and on a refusal rolls
    back to its own savepoint and writes the one `failed` record: a savepoint and a refusal record here
    would be undone by it.
    """
    return _lines_cancel(order=order, lines=lines, actor=actor, through_support=False, in_order_cancel=True)


def _lines_cancel(*, order, lines, actor, through_support: bool, in_order_cancel: bool) -> list[OrderLine]:
    if not can_cancel_purchase(actor):
        raise CommerceError(
            400, _("Access denied: only admin agents can cancel purchases."), status=403, error_name="AccessDenied"
        )
    if through_support and not is_operator(actor):
        raise CommerceError(
            400,
            _("Access denied: only support staff can cancel under the support exception."),
            status=403,
            error_name="AccessDenied",
        )
    line_pks = sorted({line.pk for line in lines})
    if not line_pks:
        raise CommerceError(800002, _("Choose at least one order line to cancel."))
    with transaction.atomic(savepoint=not in_order_cancel):
        if not in_order_cancel:
            [order] = _ORDER_LOCKED(pk=order.pk)
        # The lines and their purchases locked together (one statement), after the order's lock.
        purchases = {purchase.order_line_id: purchase for purchase in _purchases_locked(order, line_pks)}
        if set(purchases) != set(line_pks):
            raise CommerceError(800061, _("Order cannot be cancelled: only software lines of this order can."))
        locked = [purchases[pk].order_line for pk in line_pks]
        now = clock.now(order.partner)
        profile = policy_for(order.partner)
        for line in locked:
            purchase = purchases[line.pk]
            standing = policy.eligibility(purchase=purchase, policy=profile, now=now, through_support=through_support)
            if not standing.allowed:
                raise _refusal(standing)
        due_at = now + _visibility_delay()
        requested_by = getattr(actor, "username", "") or ""
        OrderLine.objects.filter(pk__in=line_pks).update(cancel_requested_at=now)
        SoftwarePurchase.objects.filter(pk__in=[purchase.pk for purchase in purchases.values()]).update(
            status=PurchaseStatus.CANCELLATION_PENDING, cancel_requested_by=requested_by
        )
        for line in locked:
            line.cancel_requested_at = now
            purchase = purchases[line.pk]
            purchase.status, purchase.cancel_requested_by = PurchaseStatus.CANCELLATION_PENDING, requested_by
            scheduler.schedule(partner=order.partner, kind=CANCELLATION_EFFECT, target=line.pk, due_at=due_at)
        audit_record_write(
            partner=order.partner,
            actor=actor,
            operation_type="update_order",
            resource_type="order",
            customer=order.customer,
            old_value={"id": order.order_id, "status": order.status},
            new_value={
                "id": order.order_id,
                "status": "cancelled",
                "lineItems": [line.line_number for line in locked],
            },
            customized_data={
                "OrderId": order.order_id,
                "AlternateId": order.alternate_id,
                **{f"LineItemNumber-{i}": line.line_number for i, line in enumerate(locked)},
                "VisibleAt": due_at.isoformat(),
                **({"ThroughSupport": True} if through_support else {}),
            },
            when=now,
        )
    return locked


def cancellation_take_effect(*, line_pk: int, at: datetime) -> bool:
    """Apply one confirmed cancellation at `at` (see `cancellations_take_effect`); False when already applied."""
    partner = Order.objects.select_related("partner").get(lines__pk=line_pk).partner
    return cancellations_take_effect(partner=partner, due={line_pk: at}) == 1


def _at_each(due_by_key: dict[int, datetime], key: str) -> Case:
    """`CASE WHEN key IN (...) THEN instant ...`: each row's own instant in one UPDATE."""
    by_at: dict[datetime, list[int]] = {}
    for pk, at in due_by_key.items():
        by_at.setdefault(at, []).append(pk)
    return Case(
        *[When(**{f"{key}__in": pks}, then=Value(at)) for at, pks in by_at.items()], output_field=DateTimeField()
    )


def cancellations_take_effect(*, partner, due: dict[int, datetime]) -> int:
    """Apply confirmed cancellations of the partner's lines, each at its own instant (`due`: line pk → at).

    Set-based, inside the scheduler's transaction: the orders, lines and purchases are locked in
    primary-key order, then one UPDATE each cancels the lines and purchases, revokes keys and links,
    and sets the orders' status, and `billing.credits_post` credits every line once (one audit
    record each). A line already cancelled is skipped, so a re-run does nothing. Returns how many
    lines this call cancelled.
    """
    from billing.services import Credit, credits_post

    order_pks = sorted(set(OrderLine.objects.filter(pk__in=list(due)).values_list("order_id", flat=True)))
    orders = {
        order.pk: order
        for order in Order.objects.select_for_update(of=("self",))
        .select_related("customer")
        .filter(pk__in=order_pks, partner=partner)
        .order_by("pk")
    }
    lines = list(
        OrderLine.objects.select_for_update(of=("self",))
        .select_related("availability__sku__product")
        .filter(pk__in=list(due), order_id__in=list(orders))
        .exclude(status=LineStatus.CANCELLED)
        .order_by("pk")
    )
    if not lines:
        return 0
    purchases = {
        purchase.order_line_id: purchase
        for purchase in SoftwarePurchase.objects.select_for_update().filter(order_line__in=lines).order_by("pk")
    }
    credits = []
    for line in lines:
        at, order, purchase = due[line.pk], orders[line.order_id], purchases[line.pk]
        purchase.order_line = line
        amount = policy.credit_amount(purchase=purchase, line=line, requested_at=line.cancel_requested_at or at)
        if amount > 0:
            sku = line.availability.sku
            credits.append(
                Credit(
                    customer=order.customer,
                    source=f"software.cancel:{line.pk}",
                    order_id=order.order_id,
                    product_name=purchase.product_title,
                    sku_name=purchase.sku_title,
                    quantity=line.quantity,
                    amount=amount,
                    currency=line.currency,
                    credited_at=at,
                    charge_type="cancelImmediate",
                    credits_source=f"software.purchase:{line.pk}",
                    product_id=sku.product.product_id,
                    sku_id=sku.sku_id,
                    availability_id=line.availability.availability_id,
                )
            )
    line_at = {line.pk: due[line.pk] for line in lines}
    purchase_at = {purchases[pk].pk: at for pk, at in line_at.items()}
    OrderLine.objects.filter(pk__in=list(line_at)).update(
        status=LineStatus.CANCELLED, cancelled_at=_at_each(line_at, "pk")
    )
    SoftwarePurchase.objects.filter(pk__in=list(purchase_at)).update(
        status=PurchaseStatus.CANCELLED, cancelled_at=_at_each(purchase_at, "pk")
    )
    ProductKey.objects.filter(purchase_id__in=list(purchase_at), revoked_at__isnull=True).update(
        revoked_at=_at_each(purchase_at, "purchase_id")
    )
    DownloadLink.objects.filter(purchase_id__in=list(purchase_at), revoked_at__isnull=True).update(
        revoked_at=_at_each(purchase_at, "purchase_id")
    )
    still_active = OrderLine.objects.filter(order_id=OuterRef("pk")).exclude(status=LineStatus.CANCELLED)
    Order.objects.filter(pk__in={line.order_id for line in lines}).update(
        status=Case(When(Exists(still_active), then=Value(OrderStatus.COMPLETED)), default=Value(OrderStatus.CANCELLED))
    )
    if credits:
        credits_post(partner=partner, credits=credits)
    return len(lines)
