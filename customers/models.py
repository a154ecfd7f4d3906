"""Customers of a partner, always reached through their partner."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

domain_validator = RegexValidator(
    regex=r"^[a-z0-9][a-z0-9-]{0,62}\.onmicrosoft\.com$",
    message=_("Enter a domain like contoso.onmicrosoft.com (letters, digits and hyphens before .onmicrosoft.com)."),
    code="invalid_domain",
)
postal_code_validator = RegexValidator(
    regex=r"^[A-Za-z0-9][A-Za-z0-9 -]{1,11}$",
    message=_("Enter a valid postal code."),
    code="invalid_postal_code",
)
phone_validator = RegexValidator(
    regex=r"^\+?[0-9 ().-]{6,20}$",
    message=_("Enter a valid phone number."),
    code="invalid_phone",
)

# Markets where Partner Center requires an organisation registration number and a phone number.
REGISTRATION_NUMBER_MARKETS = frozenset({"AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA"})
# Markets whose addresses need a state or province.
STATE_REQUIRED_MARKETS = frozenset({"US", "CA", "AU", "BR"})


def normalize_domain(value: str) -> str:
    return (value or "").strip().lower()


class Relationship(models.TextChoices):
    RESELLER = "reseller", _("Reseller")
    ADVISOR = "advisor", _("Advisor")


class Culture(models.TextChoices):
    EN_US = "en-US", "English (United States)"
    EN_GB = "en-GB", "English (United Kingdom)"
    EN_AU = "en-AU", "English (Australia)"
    IT_IT = "it-IT", "Italiano (Italia)"
    PT_BR = "pt-BR", "Português (Brasil)"
    DE_DE = "de-DE", "Deutsch (Deutschland)"
    FR_FR = "fr-FR", "Français (France)"
    ES_ES = "es-ES", "Español (España)"
    JA_JP = "ja-JP", "日本語 (日本)"


class Language(models.TextChoices):
    EN = "en", "English"
    IT = "it", "Italiano"
    PT = "pt", "Português"
    DE = "de", "Deutsch"
    FR = "fr", "Français"
    ES = "es", "Español"
    JA = "ja", "日本語"


class Customer(models.Model):
    """A customer tenant managed by one partner; its market is the billing address country."""

    partner = models.ForeignKey(
        "accounts.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="customers"
    )
    tenant_id = models.UUIDField(_("tenant id"), default=uuid.uuid4, unique=True, editable=False)
    company_name = models.CharField(_("company name"), max_length=200)
    domain = models.CharField(_("domain"), max_length=80, unique=True, validators=[domain_validator])
    market = CountryField(_("market"))
    relationship_to_partner = models.CharField(
        _("relationship"), max_length=20, choices=Relationship.choices, default=Relationship.RESELLER
    )
    # Billing profile (Partner Center's CustomerBillingProfile and its default address).
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("billing email"))
    phone_number = models.CharField(_("phone number"), max_length=20, blank=True, validators=[phone_validator])
    culture = models.CharField(_("culture"), max_length=5, choices=Culture.choices, default=Culture.EN_US)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    address_line1 = models.CharField(_("address line 1"), max_length=200)
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state or province"), max_length=50, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, validators=[postal_code_validator])
    organization_registration_number = models.CharField(
        _("organization registration number"), max_length=50, blank=True
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["company_name", "id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["partner", "company_name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(domain__regex=r"^[a-z0-9][a-z0-9-]{0,62}\.onmicrosoft\.com$"),
                name="customer_domain_is_onmicrosoft",
            ),
        ]

    def __str__(self) -> str:
        return self.company_name

    def clean(self) -> None:
        """Market-dependent profile rules; run by the dashboard form and the create service alike."""
        self.domain = normalize_domain(self.domain)
        market = str(self.market or "")
        errors = {}
        if market in REGISTRATION_NUMBER_MARKETS:
            if not self.organization_registration_number:
                errors["organization_registration_number"] = _(
                    "This market requires an organization registration number."
                )
            if not self.phone_number:
                errors["phone_number"] = _("This market requires a phone number.")
        if market in STATE_REQUIRED_MARKETS and not self.state:
            errors["state"] = _("This market requires a state or province.")
        if errors:
            raise ValidationError(errors)
