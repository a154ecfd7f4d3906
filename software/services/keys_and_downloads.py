"""Product keys, downloads and signed download links: who may, and the audit record each one writes.

Admin agents of the purchase's partner, or the customer's own global admin; another tenant's
purchase is 404. A cancelled purchase (once the cancellation took effect) answers 410.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Partner
from accounts.permissions import can_get_software_artifacts
from commerce.errors import CommerceError
from partnercenter import clock
from partnercenter.audit import audit_record_write
from partnercenter.errors import Forbidden, NotFound
from software import artifacts
from software.crypto import UndecryptableKey, decrypt_key
from software.models import DownloadLink, ProductKey

logger = logging.getLogger(__name__)

# Who downloads through a signed link: nobody signs in, so the audit names the link itself.
SIGNED_LINK_ACTOR = SimpleNamespace(username="anonymous (signed download link)")


class PurchaseCancelled(CommerceError):
    """A key or download of a cancelled purchase (or a revoked link) was asked for: 410 Gone."""

    def __init__(self, description: str):
        super().__init__(800061, description, status=410, error_name="PurchaseCancelled")


class ProductKeyUnavailable(CommerceError):
    """A stored key no configured secret decrypts (a secret rotated without its fallback): 503, operator alerted."""

    def __init__(self):
        super().__init__(
            503,
            _(
                "This product key cannot be read right now: the portal's encryption secret changed. "
                "The operator has been alerted; try again later."
            ),
            status=503,
            error_name="ProductKeyUnavailable",
        )


class LinkExpired(CommerceError):
    def __init__(self):
        super().__init__(800002, _("This download link has expired."), status=410, error_name="LinkExpired")


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes


def _actor_partner_pk(actor):
    partner_pk = getattr(actor, "partner_id", None)
    return partner_pk if partner_pk is not None else getattr(getattr(actor, "partner", None), "pk", None)


def _ensure_artifact_access(*, actor, purchase) -> None:
    """404 across tenants (the purchase's customer for a customer's user, its partner otherwise); then who may
    get keys and links is `can_get_software_artifacts`."""
    customer_side = getattr(actor, "is_customer_user", False)
    if customer_side:
        own = actor.customer_id == purchase.customer_id
    else:
        own = _actor_partner_pk(actor) == purchase.partner_id
    if not own:
        raise NotFound("No such purchase.")
    if not can_get_software_artifacts(actor):
        if customer_side:
            raise Forbidden(_("Only the customer's global admin can get product keys and downloads."))
        raise Forbidden(_("Only admin agents can get product keys and downloads."))


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
    try:
        plain = decrypt_key(key.key_ciphertext)
    except UndecryptableKey as exc:
        logger.critical(
            "OPERATOR ALERT: product key %s (purchase %s) cannot be decrypted with SOFTWARE_KEY_ENCRYPTION_KEY, "
            "SECRET_KEY or their fallbacks: restore the previous secret in SECRET_KEY_FALLBACKS "
            "(or SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS), then run `manage.py reencrypt_product_keys`.",
            key.pk,
            purchase.pk,
        )
        raise ProductKeyUnavailable() from exc
    _artifact_audit(
        purchase=purchase,
        actor=actor,
        operation_type="get_software_key",
        resource_type="software_key",
        data={"Action": "view_key", "Version": version},
    )
    return plain


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
        raise NotFound("No such download link.")
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
