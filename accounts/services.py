"""Writes on partners and their users."""

import random

from django.db import transaction

from accounts.models import Partner, Role, User, UserRole


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
def customer_admin_create(*, customer, username: str, email: str, password: str) -> User:
    """A customer's global admin: signs in to the customer-side pages of that customer only."""
    user = User(username=username, email=email, customer=customer)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
