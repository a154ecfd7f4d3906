"""The one cancellation service (Software tab dialog, API PATCH through commerce, admin, support).

It confirms at once (line.cancel_requested_at, audit update_order) and schedules the visible
effect; `cancellation_take_effect` then cancels the line, revokes keys and links and posts the
credit, at the effect's due instant. The rules themselves live in software.policy.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_cancel_purchase, is_operator
from commerce.errors import CommerceError
from commerce.models import LineStatus, Order, OrderLine, OrderStatus
from partnercenter import clock, scheduler
from partnercenter.audit import audit_record_write, refusals_audited
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
        with transaction.atomic():
            order = Order.objects.select_for_update().select_related("partner", "customer").get(pk=order.pk)
            locked = list(OrderLine.objects.select_for_update().filter(order=order, pk__in=line_pks).order_by("pk"))
            purchases = {
                purchase.order_line_id: purchase
                for purchase in SoftwarePurchase.objects.select_for_update()
                .filter(order_line_id__in=line_pks)
                .order_by("pk")
            }
            if len(locked) != len(line_pks) or set(purchases) != set(line_pks):
                raise CommerceError(800061, _("Order cannot be cancelled: only software lines of this order can."))
            now = clock.now(order.partner)
            profile = policy_for(order.partner)
            for line in locked:
                purchase = purchases[line.pk]
                purchase.order_line = line
                standing = policy.eligibility(
                    purchase=purchase, policy=profile, now=now, through_support=through_support
                )
                if not standing.allowed:
                    raise _refusal(standing)
            due_at = now + _visibility_delay()
            for line in locked:
                line.cancel_requested_at = now
                line.save(update_fields=["cancel_requested_at"])
                purchase = purchases[line.pk]
                purchase.status = PurchaseStatus.CANCELLATION_PENDING
                purchase.cancel_requested_by = getattr(actor, "username", "") or ""
                purchase.save(update_fields=["status", "cancel_requested_by"])
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
    """Apply a confirmed cancellation at `at`: cancel the line, revoke, credit. Idempotent.

    Runs inside the scheduler's transaction. Returns False when the line was already cancelled.
    """
    from billing.services import credit_post

    order_pk = OrderLine.objects.values_list("order_id", flat=True).get(pk=line_pk)
    order = Order.objects.select_for_update().select_related("customer").get(pk=order_pk)
    line = (
        OrderLine.objects.select_for_update(of=("self",)).select_related("availability__sku__product").get(pk=line_pk)
    )
    if line.status == LineStatus.CANCELLED:
        return False
    purchase = SoftwarePurchase.objects.select_for_update().get(order_line=line)
    purchase.order_line = line
    amount = policy.credit_amount(purchase=purchase, line=line, requested_at=line.cancel_requested_at or at)
    line.status, line.cancelled_at = LineStatus.CANCELLED, at
    line.save(update_fields=["status", "cancelled_at"])
    purchase.status, purchase.cancelled_at = PurchaseStatus.CANCELLED, at
    purchase.save(update_fields=["status", "cancelled_at"])
    ProductKey.objects.filter(purchase=purchase, revoked_at__isnull=True).update(revoked_at=at)
    DownloadLink.objects.filter(purchase=purchase, revoked_at__isnull=True).update(revoked_at=at)
    all_cancelled = not order.lines.exclude(status=LineStatus.CANCELLED).exists()
    order.status = OrderStatus.CANCELLED if all_cancelled else OrderStatus.COMPLETED
    order.save(update_fields=["status"])
    if amount > 0:
        sku = line.availability.sku
        credit_post(
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
            actor=None,
            credits_source=f"software.purchase:{line.pk}",
            product_id=sku.product.product_id,
            sku_id=sku.sku_id,
            availability_id=line.availability.availability_id,
        )
    return True
