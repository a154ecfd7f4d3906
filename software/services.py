"""Every software write: fulfilment, keys and downloads, and the one cancellation service.

The cancellation service is used by commerce's order_cancel (API PATCH), the Software tab's dialog
and the admin. It confirms at once (line.cancel_requested_at, audit update_order) and schedules the
visible effect; `cancellation_take_effect` then cancels the line, revokes keys and links and posts
the credit, at the effect's due instant.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Partner
from accounts.permissions import Capability, has_capability
from commerce.fulfilment import CommerceError
from commerce.models import LineStatus, Order, OrderLine, OrderStatus
from partnercenter import clock, scheduler
from partnercenter.audit import audit_record_write
from software import artifacts, policy
from software.crypto import decrypt_key, encrypt_key, new_product_key
from software.models import DownloadLink, ProductKey, PurchaseStatus, SoftwarePurchase
from software.selectors import policy_for

CANCELLATION_EFFECT = "software.cancellation_takes_effect"
# Who downloads through a signed link: nobody signs in, so the audit names the link itself.
SIGNED_LINK_ACTOR = SimpleNamespace(username="anonymous (signed download link)")


class PurchaseCancelled(CommerceError):
    """A key or download of a cancelled purchase (or a revoked link) was asked for: 410 Gone."""

    def __init__(self, description: str):
        super().__init__(800061, description, status=410, error_name="PurchaseCancelled")


class LinkExpired(CommerceError):
    def __init__(self):
        super().__init__(800002, _("This download link has expired."), status=410, error_name="LinkExpired")


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes


# --- fulfilment -------------------------------------------------------------------------------


def _term_end(start: datetime, term_duration: str) -> datetime | None:
    if not term_duration:
        return None
    return start + timedelta(days=policy.term_days(purchased_at=start, term_duration=term_duration))


def purchases_fulfil(*, order, lines, actor) -> list[SoftwarePurchase]:
    """Commerce's fulfil hook: one purchase (with a key per version) and one charge per line."""
    from billing.services import charge_post

    lines = OrderLine.objects.filter(pk__in=[line.pk for line in lines]).select_related("availability__sku__product")
    purchases = []
    for line in lines.order_by("pk"):
        sku = line.availability.sku
        options = artifacts.options_for_sku(sku)
        term = line.term_duration or sku.term_duration
        purchase = SoftwarePurchase.objects.create(
            order_line=line,
            partner_id=order.partner_id,
            customer_id=order.customer_id,
            product_title=sku.product.title,
            sku_title=sku.title,
            sku_kind=sku.kind,
            term_duration=term,
            publisher=sku.product.publisher,
            purchased_at=order.created_at,
            **options,
        )
        ProductKey.objects.bulk_create(
            ProductKey(purchase=purchase, version=version, key_ciphertext=encrypt_key(new_product_key()))
            for version in options["versions"]
        )
        charge_post(
            customer=order.customer,
            source=f"software.purchase:{line.pk}",
            order_id=order.order_id,
            product_name=purchase.product_title,
            sku_name=purchase.sku_title,
            quantity=line.quantity,
            unit_price=line.unit_price,
            currency=line.currency,
            charged_at=order.created_at,
            charge_type="new",
            product_id=sku.product.product_id,
            sku_id=sku.sku_id,
            availability_id=line.availability.availability_id,
            charge_start=order.created_at,
            charge_end=_term_end(order.created_at, term),
        )
        purchases.append(purchase)
    return purchases


# --- cancellation -----------------------------------------------------------------------------


def _may_cancel(actor) -> bool:
    """Admin agents cancel; the operator's back office (staff without a tenant) acts as Microsoft support."""
    if has_capability(actor, Capability.CANCEL_PURCHASE):
        return True
    return bool(
        getattr(actor, "is_staff", False)
        and not getattr(actor, "is_partner_user", False)
        and not getattr(actor, "is_customer_user", False)
    )


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


def purchase_cancel(*, order, lines, actor) -> list[OrderLine]:
    """Cancel software lines of one order: all-or-nothing, confirmed now, visible after the delay.

    Locks the order, then its lines and purchases in primary-key order, and checks every rule
    under the lock, so concurrent requests for the same line schedule exactly one effect.
    """
    if not _may_cancel(actor):
        raise CommerceError(
            400, _("Access denied: only admin agents can cancel purchases."), status=403, error_name="AccessDenied"
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
            standing = policy.eligibility(purchase=purchase, policy=profile, now=now)
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
            new_value={"id": order.order_id, "status": "cancelled", "lineItems": [line.line_number for line in locked]},
            customized_data={
                "OrderId": order.order_id,
                "AlternateId": order.alternate_id,
                **{f"LineItemNumber-{i}": line.line_number for i, line in enumerate(locked)},
                "VisibleAt": due_at.isoformat(),
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


# --- keys and downloads -----------------------------------------------------------------------


def _actor_partner_pk(actor):
    partner_pk = getattr(actor, "partner_id", None)
    return partner_pk if partner_pk is not None else getattr(getattr(actor, "partner", None), "pk", None)


def _ensure_artifact_access(*, actor, purchase) -> None:
    """A customer's global admin for their own customer, or an admin agent of the partner; 404 across tenants."""
    if getattr(actor, "is_customer_user", False):
        if actor.customer_id != purchase.customer_id:
            raise Http404("No such purchase.")
        return
    if _actor_partner_pk(actor) != purchase.partner_id:
        raise Http404("No such purchase.")
    if not has_capability(actor, Capability.VIEW_PRODUCT_KEYS):
        raise PermissionDenied(_("Only admin agents can get product keys and downloads."))


def _ensure_not_cancelled(purchase) -> None:
    if purchase.is_cancelled:
        raise PurchaseCancelled(
            _(
                "This purchase was cancelled: its product keys and download links are revoked "
                "(activation key not available)."
            )
        )


def _validate_choices(purchase, *, version: str, language: str | None = None, bitness: str | None = None) -> None:
    errors = {}
    if version not in purchase.versions:
        errors["version"] = _("Choose one of this product's versions.")
    if language is not None and language not in purchase.languages:
        errors["language"] = _("Choose one of this product's languages.")
    if bitness is not None and bitness not in purchase.bitnesses:
        errors["bitness"] = _("Choose one of this product's bitness options.")
    if errors:
        raise ValidationError(errors)


def _artifact_audit(*, purchase, actor, operation_type: str, resource_type: str, data: dict) -> None:
    # The partner row is read afresh: its clock decides the record's date, and a cached one may be stale.
    partner = Partner.objects.get(pk=purchase.partner_id)
    audit_record_write(
        partner=partner,
        actor=actor,
        operation_type=operation_type,
        resource_type=resource_type,
        customer=purchase.customer,
        customized_data={
            "OrderId": purchase.order_line.order.order_id,
            "LineItemNumber": purchase.order_line.line_number,
            "Product": purchase.sku_title,
            **data,
        },
    )


@transaction.atomic
def product_key_reveal(*, purchase, version: str, actor) -> str:
    """The clear product key for one version; every reveal writes a get_software_key audit record."""
    _ensure_artifact_access(actor=actor, purchase=purchase)
    _ensure_not_cancelled(purchase)
    _validate_choices(purchase, version=version)
    key = ProductKey.objects.filter(purchase=purchase, version=version).first()
    if key is None or key.revoked_at is not None:
        raise PurchaseCancelled(_("The product key for this version is not available."))
    _artifact_audit(
        purchase=purchase,
        actor=actor,
        operation_type="get_software_key",
        resource_type="software_key",
        data={"Action": "view_key", "Version": version},
    )
    return decrypt_key(key.key_ciphertext)


def _download_for(purchase, *, version: str, language: str, bitness: str) -> Download:
    return Download(
        filename=artifacts.download_filename(
            product_title=purchase.product_title, version=version, language=language, bitness=bitness
        ),
        content=artifacts.download_content(purchase=purchase, version=version, language=language, bitness=bitness),
    )


@transaction.atomic
def software_download(*, purchase, version: str, language: str, bitness: str, actor) -> Download:
    """The (placeholder) software file for the chosen version, language and bitness; audited."""
    _ensure_artifact_access(actor=actor, purchase=purchase)
    _ensure_not_cancelled(purchase)
    _validate_choices(purchase, version=version, language=language, bitness=bitness)
    download = _download_for(purchase, version=version, language=language, bitness=bitness)
    _artifact_audit(
        purchase=purchase,
        actor=actor,
        operation_type="get_software_download_link",
        resource_type="software_download_link",
        data={"Action": "download", "Version": version, "Language": language, "Bitness": bitness},
    )
    return download


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def download_link_create(*, purchase, version: str, language: str, bitness: str, actor) -> tuple[DownloadLink, str]:
    """A signed link that downloads without signing in until it expires or is revoked; audited.

    Returns the link row and its token; only the token's hash is stored, so it is shown once.
    """
    _ensure_artifact_access(actor=actor, purchase=purchase)
    _ensure_not_cancelled(purchase)
    _validate_choices(purchase, version=version, language=language, bitness=bitness)
    token = secrets.token_urlsafe(32)
    link = DownloadLink.objects.create(
        purchase=purchase,
        version=version,
        language=language,
        bitness=bitness,
        token_hash=_token_hash(token),
        created_by=getattr(actor, "username", "") or "",
        expires_at=clock.wall_now() + settings.SOFTWARE_DOWNLOAD_LINK_TTL,
    )
    _artifact_audit(
        purchase=purchase,
        actor=actor,
        operation_type="get_software_download_link",
        resource_type="software_download_link",
        data={
            "Action": "copy_link",
            "Version": version,
            "Language": language,
            "Bitness": bitness,
            "LinkId": link.pk,
        },
    )
    return link, token


@transaction.atomic
def download_link_redeem(*, token: str) -> Download:
    """Download through a signed link; an unknown token is 404, a revoked or expired one 410."""
    link = (
        DownloadLink.objects.select_related("purchase__order_line__order", "purchase__partner", "purchase__customer")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if link is None:
        raise Http404("No such download link.")
    purchase = link.purchase
    _ensure_not_cancelled(purchase)
    if link.revoked_at is not None:
        raise PurchaseCancelled(_("This download link was revoked."))
    if link.expires_at <= clock.wall_now():
        raise LinkExpired()
    _artifact_audit(
        purchase=purchase,
        actor=SIGNED_LINK_ACTOR,
        operation_type="get_software_download_link",
        resource_type="software_download_link",
        data={
            "Action": "link_download",
            "Version": link.version,
            "Language": link.language,
            "Bitness": link.bitness,
            "LinkId": link.pk,
        },
    )
    return _download_for(purchase, version=link.version, language=link.language, bitness=link.bitness)


def download_links_revoke(*, links) -> int:
    """Revoke signed links before they expire (back office); returns how many were still live."""
    with transaction.atomic():
        pks = [link.pk for link in links]
        live = list(DownloadLink.objects.select_for_update().filter(pk__in=pks, revoked_at=None).order_by("pk"))
        for link in live:
            link.revoked_at = clock.wall_now()
            link.save(update_fields=["revoked_at"])
    return len(live)
