"""Referral admin (seed 001: "amministratori delle segnalazioni") replaces the invented Reports admin."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from accounts.models import Role, UserRole
from accounts.permissions import Capability, has_capability
from demo.partners import seed_partners
from tests.factories import UserFactory

rename = importlib.import_module("accounts.migrations.0004_referral_admin")


def test_referral_admin_is_a_role_and_reports_admin_is_not():
    assert ("referral_admin", "Referral admin") in Role.choices
    assert "reports_admin" not in Role.values
    with translation.override("it"):
        assert str(Role.REFERRAL_ADMIN.label) == "Amministratore delle segnalazioni"


@pytest.mark.django_db
def test_the_migration_turns_stored_reports_admins_into_referral_admins():
    user = UserFactory(roles=[Role.HELPDESK_AGENT])
    UserRole.objects.create(user=user, role="reports_admin")  # a row written before the rename

    rename.forwards(apps, schema_editor=None)

    assert sorted(UserRole.objects.filter(user=user).values_list("role", flat=True)) == [
        "helpdesk_agent",
        "referral_admin",
    ]
    user.refresh_from_db()
    assert has_capability(user, Capability.VIEW_ACTIVITY_LOG)


@pytest.mark.django_db
def test_the_demo_has_a_referral_admin_login_per_partner():
    seed_partners()

    usernames = set(UserRole.objects.filter(role=Role.REFERRAL_ADMIN).values_list("user__username", flat=True))

    assert usernames == {"referral-admin@contoso.example", "referral-admin@fabrikam.example"}
