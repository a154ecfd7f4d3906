"""Demo partners and users: two partners (to show isolation) and one user per role."""

from accounts.models import Partner, Role, User
from accounts.services import partner_create, partner_user_create

DEMO_PASSWORD = "demo-pass-2026"
DEMO_PARTNERS = [
    {
        "name": "Contoso Cloud Italia",
        "country": "IT",
        "billing_currency": "EUR",
        "mpn_id": "4810001",
        "prefix": "contoso",
    },
    {
        "name": "Fabrikam Partners US",
        "country": "US",
        "billing_currency": "USD",
        "mpn_id": "4810002",
        "prefix": "fabrikam",
    },
]


def seed_partners() -> list[Partner]:
    """Create (or find) the demo partners and their users; safe to run again."""
    partners = []
    for spec in DEMO_PARTNERS:
        partner = Partner.objects.filter(mpn_id=spec["mpn_id"]).first() or partner_create(
            name=spec["name"], country=spec["country"], billing_currency=spec["billing_currency"], mpn_id=spec["mpn_id"]
        )
        for role in Role:
            username = f"{role.value.replace('_', '-')}@{spec['prefix']}.example"
            if not User.objects.filter(username=username).exists():
                partner_user_create(
                    partner=partner, username=username, email=username, password=DEMO_PASSWORD, roles=[role]
                )
        partners.append(partner)
    return partners


OPERATOR_USERNAME = "operator"


def seed_operator() -> User:
    """The operator's back-office account (Django admin), not a partner user."""
    user = User.objects.filter(username=OPERATOR_USERNAME).first()
    if user is None:
        user = User.objects.create_superuser(OPERATOR_USERNAME, "operator@simulator.example", DEMO_PASSWORD)
    return user
