"""create_partner prints credentials and validates its input; seed_demo is complete and idempotent."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Partner, Role, User, UserRole
from commerce.markets import UNAVAILABLE_MARKETS
from customers.models import Customer
from demo.partners import DEMO_PASSWORD
from reservations.models import Exchange, Refund


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_create_partner_prints_partner_id_and_credentials():
    output = json.loads(
        run("create_partner", "Northwind CSP", "--email", "ops@northwind.example", "--password", "s3cret-Pass!")
    )

    partner = Partner.objects.get(name="Northwind CSP")
    assert output["partnerId"] == str(partner.tenant_id)
    assert output["mpnId"] == partner.mpn_id
    assert output["user"]["username"] == "ops@northwind.example"
    assert output["user"]["password"] == "s3cret-Pass!"
    assert sorted(output["user"]["roles"]) == ["admin_agent", "global_admin"]


@pytest.mark.django_db
def test_create_partner_user_holds_global_admin_and_admin_agent_and_can_sign_in(client):
    run("create_partner", "Northwind CSP", "--email", "ops@northwind.example", "--password", "s3cret-Pass!")

    user = User.objects.get(username="ops@northwind.example")
    assert user.partner.name == "Northwind CSP"
    assert user.role_set == {Role.GLOBAL_ADMIN.value, Role.ADMIN_AGENT.value}
    assert client.login(username="ops@northwind.example", password="s3cret-Pass!")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "--email", "ops@x.example", "--password", "pw-2026-long"], "Invalid partner or user"),
        (["Northwind", "--email", "ops@x.example", "--password", "pw-2026-long", "--country", "ZZ"], "Invalid"),
        (["Northwind", "--email", "not-an-email", "--password", "pw-2026-long"], "Enter a valid email address"),
        (["Northwind", "--email", "ops@x.example", "--password", "pw-2026-long", "--currency", "EURO"], "Invalid"),
    ],
)
def test_create_partner_bad_input_fails_and_creates_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        run("create_partner", *args)

    assert not Partner.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_create_partner_with_a_taken_username_creates_no_partner():
    run("create_partner", "First", "--email", "ops@x.example", "--password", "pw-2026-long")

    with pytest.raises(CommandError):
        run("create_partner", "Second", "--email", "ops@x.example", "--password", "pw-2026-long")

    assert list(Partner.objects.values_list("name", flat=True)) == ["First"]


def _counts():
    return {model.__name__: model.objects.count() for model in (Partner, User, UserRole, Customer, Refund, Exchange)}


@pytest.mark.django_db
def test_seed_demo_creates_partners_users_and_customers_once(client):
    first_output = run("seed_demo")
    first = _counts()

    run("seed_demo")

    assert _counts() == first
    assert f"password for all: {DEMO_PASSWORD}" in first_output
    assert "admin-agent@contoso.example" in first_output
    partners = list(Partner.objects.all())
    assert len(partners) == 2
    for partner in partners:
        users = User.objects.filter(partner=partner)
        assert sorted(r for u in users for r in u.role_set) == sorted(r.value for r in Role)
        customers = Customer.objects.filter(partner=partner)
        assert 45 <= customers.count() <= 55
        markets = set(customers.values_list("market", flat=True))
        assert {"IT", "US", "AU", "BR"} <= markets
        assert markets & set(UNAVAILABLE_MARKETS)
        # One return and one exchange through the refund engine, credited: the Refunds tab and invoice show them.
        assert Refund.objects.filter(partner=partner, exchange__isnull=True, credited_at__isnull=False).count() == 1
        assert Exchange.objects.filter(partner=partner).count() == 1
    assert User.objects.get(username="operator").is_superuser
    assert "Back office (/admin/): operator" in first_output
    assert "refunds: 1 new; exchanges: 1 new" in first_output
    customer_admins = User.objects.filter(customer__isnull=False)
    assert customer_admins.count() == 2
    for login in ("admin-agent@contoso.example", "operator", *(u.username for u in customer_admins)):
        assert login in first_output
        assert client.login(username=login, password=DEMO_PASSWORD), login
