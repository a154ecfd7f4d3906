"""Writes on partners and their users."""

import hashlib
import hmac
import math
import random
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import AccessToken, ApiCredential, CustomerRole, Partner, Role, User, UserRole
from accounts.permissions import Capability, credential_roles_for, has_capability
from partnercenter import clock
from partnercenter.api.throttling import RateLimited, failures_limited
from partnercenter.audit import audit_record_write
from partnercenter.errors import DomainError, Forbidden
from partnercenter.prepared import PreparedQuery


def _new_mpn_id() -> str:
    while True:
        candidate = str(random.randint(1_000_000, 9_999_999))  # noqa: S311 - an identifier, not a secret
        if not Partner.objects.filter(mpn_id=candidate).exists():
            return candidate


@transaction.atomic
def partner_create(*, name: str, country: str = "US", billing_currency: str = "USD", mpn_id: str = "") -> Partner:
    partner = Partner(name=name, country=country, billing_currency=billing_currency, mpn_id=mpn_id or _new_mpn_id())
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_user_create(*, partner: Partner, username: str, email: str, password: str, roles) -> User:
    """A partner user holding the given Partner Center roles."""
    user = User(username=username, email=email, partner=partner)
    user.set_password(password)
    user.full_clean()
    user.save()
    UserRole.objects.bulk_create([UserRole(user=user, role=Role(role)) for role in roles])
    return user


@transaction.atomic
def customer_user_create(
    *, customer, username: str, email: str, password: str, role: str = CustomerRole.GLOBAL_ADMIN
) -> User:
    """A customer-side user: signs in to that customer's pages only, which their role opens (or not)."""
    user = User(username=username, email=email, customer=customer, customer_role=CustomerRole(role))
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def secret_hash(secret: str) -> str:
    """SHA-256 of a random 256-bit secret or token: enough for high-entropy values, and fast to check."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_credential_create(*, partner: Partner, name: str, actor, roles=None) -> tuple[ApiCredential, str]:
    """A new API application for the partner; returns it with its secret, which is never stored in clear.

    A partner user needs MANAGE_API_CREDENTIALS (global admin) in that partner; the application's
    app-only tokens act with at most the creator's roles (`credential_roles_for`).
    """
    if getattr(actor, "is_partner_user", False) and (
        actor.partner_id != partner.pk or not has_capability(actor, Capability.MANAGE_API_CREDENTIALS)
    ):
        raise Forbidden(_("Only a global admin of the partner can create API credentials."))
    secret = secrets.token_urlsafe(32)
    granted = sorted(credential_roles_for(actor, roles))
    credential = ApiCredential(partner=partner, name=name.strip(), secret_hash=secret_hash(secret), roles=granted)
    credential.full_clean()
    credential.save()
    audit_record_write(
        partner=partner,
        actor=actor,
        operation_type="create_application_credential",
        resource_type="application_credential",
        new_value={"clientId": str(credential.client_id), "name": credential.name, "roles": granted},
    )
    return credential, secret


@transaction.atomic
def api_credential_revoke(*, credential: ApiCredential, actor) -> ApiCredential:
    """Revoke the credential and every token it issued; revoking twice changes nothing."""
    credential = ApiCredential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is not None:
        return credential
    credential.revoked_at = clock.wall_now()
    credential.save(update_fields=["revoked_at"])
    credential.tokens.filter(revoked_at__isnull=True).update(revoked_at=credential.revoked_at)
    audit_record_write(
        partner=credential.partner,
        actor=actor,
        operation_type="delete_application_credential",
        resource_type="application_credential",
        old_value={"clientId": str(credential.client_id), "name": credential.name},
    )
    return credential


class TokenError(DomainError):
    """An OAuth 2.0 refusal (RFC 6749 section 5.2): `error` is the OAuth error code, also the errorName.

    A 429 carries `retry_after`, the seconds until the failure budget has room again (the API
    handler sends it as Retry-After).
    """

    def __init__(self, error: str, description: str, *, status: int = 400, retry_after: float | None = None):
        if status == 429:
            wait = math.ceil(retry_after or 1)
            description = f"{description} Try again in {wait} seconds."
            super().__init__(429, description, status=429, error_name="TooManyRequests")
        else:
            super().__init__(400 if status == 401 else 800002, description, status=status, error_name=error)
        self.error = error
        self.retry_after = retry_after


def parsed_client_id(client_id: str) -> uuid.UUID | None:
    """The UUID a client_id spells, however it is spelled (case, braces, `urn:uuid:`); None when it is no UUID."""
    try:
        return uuid.UUID(str(client_id))
    except ValueError:
        return None


def _digest(value: str) -> str:
    # Hashed, so any text a caller sends (even a lone surrogate from JSON) makes a short, safe cache key.
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def _client_budget_key(client_id: str) -> str:
    """One budget per client, whatever its spelling: keyed by the parsed id (or the text when it parses not)."""
    parsed = parsed_client_id(client_id)
    return f"token-failures:client:{parsed if parsed is not None else _digest(client_id)}"


def _active_credential(client_id: str) -> ApiCredential:
    parsed = parsed_client_id(client_id)
    credential = (
        ApiCredential.objects.select_related("partner").filter(client_id=parsed).first() if parsed is not None else None
    )
    if credential is None:
        raise TokenError("invalid_client", "Unknown client_id.", status=401)
    if credential.revoked_at is not None:
        raise TokenError("invalid_client", "This client has been revoked.", status=401)
    return credential


def _verified_client(*, grant_type: str, client_id: str, client_secret: str) -> ApiCredential:
    """The credential the request proves (its secret is required for client_credentials, checked when sent)."""
    credential = _active_credential(client_id)
    if grant_type == "client_credentials" and not client_secret:
        raise TokenError("invalid_client", "Wrong client_secret.", status=401)
    if client_secret and not hmac.compare_digest(secret_hash(client_secret), credential.secret_hash):
        raise TokenError("invalid_client", "Wrong client_secret.", status=401)
    return credential


def _verified_user(*, credential: ApiCredential, username: str, password: str) -> User:
    """The partner user the password proves, through the model backend alone.

    Not `authenticate()`: the sign-in pages' lockout (django-axes) counts browser sign-ins per address
    and needs a request; this endpoint has its own failure budget.
    """
    # A NUL can be in no username, and PostgreSQL refuses to compare text holding one.
    user = ModelBackend().authenticate(None, username=username, password=password) if "\x00" not in username else None
    if user is None or user.partner_id != credential.partner_id:
        raise TokenError("invalid_grant", "Wrong username or password for this partner.")
    return user


def access_token_issue(
    *, grant_type: str, client_id: str, client_secret: str = "", username: str = "", password: str = ""
) -> tuple[str, AccessToken]:
    """Exchange client credentials (app-only) or a partner user's password (app+user) for a bearer token.

    Returns the raw token (shown once) and its row. Raises TokenError with the OAuth error code.
    Failed attempts are limited (API_TOKEN_FAILURE_RATE) against guessing secrets and passwords: per
    client, keyed by the parsed client id so re-spelling it does not buy a fresh budget; and, once
    the client is proven, per username, so nobody can use up a user's budget with made-up clients.
    Over a limit a request is refused with status 429 before its secret or password is even checked,
    so the refusal tells a guesser nothing. Successes don't count.
    """
    if grant_type not in ("client_credentials", "password"):
        raise TokenError("unsupported_grant_type", "grant_type must be client_credentials or password.")
    if not client_id:
        raise TokenError("invalid_request", "client_id is required.")
    client_key = _client_budget_key(client_id)
    user = None
    try:
        with failures_limited([client_key], settings.API_TOKEN_FAILURE_RATE):
            credential = _verified_client(grant_type=grant_type, client_id=client_id, client_secret=client_secret)
        if grant_type == "password":
            # After the client: an unknown client answers 401 whatever else the request lacks.
            if not username or not password:
                raise TokenError("invalid_request", "username and password are required for the password grant.")
            user_key = f"token-failures:user:{_digest(username)}"
            with failures_limited([client_key, user_key], settings.API_TOKEN_FAILURE_RATE):
                user = _verified_user(credential=credential, username=username, password=password)
    except RateLimited as limited:
        raise TokenError(
            "too_many_requests", "Too many failed attempts.", status=429, retry_after=limited.wait
        ) from limited
    raw = secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        token_hash=secret_hash(raw),
        credential=credential,
        user=user,
        expires_at=clock.wall_now() + timedelta(seconds=settings.API_TOKEN_LIFETIME),
    )
    return raw, token


# Every API request reads its token: compiled once per connection (token_hash is unique: one row or none).
_LIVE_TOKEN = PreparedQuery(
    lambda token_hash: AccessToken.objects.select_related("credential__partner", "user").filter(
        token_hash=token_hash, revoked_at__isnull=True, credential__revoked_at__isnull=True
    ),
    token_hash="prepared sample: no hash looks like this",
)


def access_token_for(raw: str) -> AccessToken | None:
    """The live token matching `raw`: not expired, not revoked, its credential and user still active."""
    tokens = _LIVE_TOKEN(token_hash=secret_hash(raw))
    if not tokens:
        return None
    token = tokens[0]
    if token.expires_at <= clock.wall_now():
        return None
    if token.user is not None and (not token.user.is_active or token.user.partner_id != token.credential.partner_id):
        return None
    return token
