"""Partner organisations, their users with Partner Center roles, and customer-side users."""

import uuid
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Role(models.TextChoices):
    """Partner Center's partner-side roles (permissions overview)."""

    GLOBAL_ADMIN = "global_admin", _("Global admin")
    ACCOUNT_ADMIN = "account_admin", _("Account admin")
    BILLING_ADMIN = "billing_admin", _("Billing admin")
    ADMIN_AGENT = "admin_agent", _("Admin agent")
    SALES_AGENT = "sales_agent", _("Sales agent")
    HELPDESK_AGENT = "helpdesk_agent", _("Helpdesk agent")
    REFERRAL_ADMIN = "referral_admin", _("Referral admin")
    MARKETING_CONTENT_ADMIN = "marketing_content_admin", _("Marketing content admin")


class CustomerRole(models.TextChoices):
    """A customer-side user's Microsoft 365 admin role: only a global admin sees software keys and downloads."""

    GLOBAL_ADMIN = "global_admin", _("Global admin")
    BILLING_ADMIN = "billing_admin", _("Billing admin")
    USER = "user", _("User (no admin role)")


class Partner(models.Model):
    """A CSP partner organisation: the tenant every partner-owned row hangs from."""

    name = models.CharField(_("name"), max_length=200)
    tenant_id = models.UUIDField(_("tenant id"), default=uuid.uuid4, unique=True, editable=False)
    mpn_id = models.CharField(_("MPN id"), max_length=10, unique=True)
    country = CountryField(_("country"))
    billing_currency = models.CharField(_("billing currency"), max_length=3, default="USD")
    clock_offset = models.DurationField(_("clock offset"), default=timedelta(0))
    clock_frozen_at = models.DateTimeField(_("clock frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: operator staff (no partner), a partner user, or a customer's global admin."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), null=True, blank=True, on_delete=models.CASCADE, related_name="users"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="users",
        help_text=_("Set for a customer-side user, who sees only that customer's products."),
    )
    customer_role = models.CharField(
        _("customer role"),
        max_length=20,
        choices=CustomerRole.choices,
        blank=True,
        help_text=_("Customer-side users only: their Microsoft 365 admin role."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(customer__isnull=True) | models.Q(partner__isnull=True),
                name="user_is_partner_or_customer_side",
            ),
            models.CheckConstraint(
                condition=models.Q(customer__isnull=True, customer_role="")
                | (models.Q(customer__isnull=False) & ~models.Q(customer_role="")),
                name="customer_side_user_has_a_customer_role",
            ),
        ]

    def clean(self) -> None:
        """Said as form errors (admin, services) before the database constraints would refuse the row."""
        super().clean()
        if self.customer_id is not None and not self.customer_role:
            raise ValidationError({"customer_role": _("A customer-side user needs a customer role.")})
        if self.customer_id is None and self.customer_role:
            raise ValidationError({"customer_role": _("Only customer-side users have a customer role.")})

    @property
    def is_partner_user(self) -> bool:
        return self.partner_id is not None

    @property
    def is_customer_user(self) -> bool:
        return self.customer_id is not None

    @property
    def role_set(self) -> frozenset[str]:
        """The user's roles, cached on the instance (one query per request)."""
        if not hasattr(self, "_role_set"):
            self._role_set = frozenset(self.roles.values_list("role", flat=True))
        return self._role_set


class UserRole(models.Model):
    """One Partner Center role held by a partner user; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user.username}: {self.get_role_display()}"


class ApiCredential(models.Model):
    """A partner's API application: a client id and a secret stored only as a hash.

    The secret is shown once at creation; app-only tokens act with the credential's `roles` (granted at
    creation, never more than its creator held: accounts.permissions.credential_roles_for), app+user
    tokens with the signing-in user's roles.
    """

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="api_credentials"
    )
    client_id = models.UUIDField(_("client id"), default=uuid.uuid4, unique=True, editable=False)
    secret_hash = models.CharField(_("client secret hash"), max_length=64, editable=False)
    name = models.CharField(_("name"), max_length=100)
    roles = models.JSONField(
        _("roles"),
        default=list,
        editable=False,
        help_text=_("Partner Center roles an app-only token of this application acts with."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API credential")
        verbose_name_plural = _("API credentials")

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return sorted(str(labels.get(role, role)) for role in self.roles)


class AccessToken(models.Model):
    """A bearer token issued by /oauth2/token; only its SHA-256 is stored. Expiry uses the wall clock."""

    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    credential = models.ForeignKey(
        ApiCredential, verbose_name=_("API credential"), on_delete=models.CASCADE, related_name="tokens"
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        help_text=_("Empty for app-only tokens, which act with the credential's roles."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self) -> str:
        return f"{self.credential.name} token {self.pk}"
