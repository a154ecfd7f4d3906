"""Large-data generator: one partner with N customers, bulk-inserted (not run by `make test`).

DATABASE_URL=postgres://postgres@127.0.0.1:5432/pc_bench .venv/bin/python -m bench.generate --customers 20000
"""

import argparse
import os
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnercenter.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from accounts.models import Partner, Role, User, UserRole  # noqa: E402
from customers.models import Customer  # noqa: E402
from partnercenter import clock  # noqa: E402

MARKETS = ["IT", "US", "AU", "BR", "GB", "DE", "FR", "ES", "JP"]
BENCH_USER = "bench-admin-agent@bench.example"
BENCH_PASSWORD = "bench-pass-2026"


def generate(customers: int) -> Partner:
    call_command("migrate", verbosity=0)
    partner, _ = Partner.objects.get_or_create(
        mpn_id="9999999", defaults={"name": "Bench Partner", "country": "US", "billing_currency": "USD"}
    )
    if not User.objects.filter(username=BENCH_USER).exists():
        user = User(username=BENCH_USER, email=BENCH_USER, partner=partner)
        user.set_password(BENCH_PASSWORD)
        user.save()
        UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in (Role.ADMIN_AGENT, Role.GLOBAL_ADMIN)])
    existing = partner.customers.count()
    now = clock.now(partner)
    batch = []
    for i in range(existing, customers):
        batch.append(
            Customer(
                partner=partner,
                tenant_id=uuid.uuid4(),
                company_name=f"Bench Customer {i:06d}",
                domain=f"bench{i:06d}.onmicrosoft.com",
                market=MARKETS[i % len(MARKETS)],
                first_name="Bench",
                last_name="User",
                email="billing@bench.example",
                address_line1="1 Bench Road",
                city="Bench City",
                state="WA",
                postal_code="98052",
                created_at=now,
            )
        )
        if len(batch) == 2000:
            Customer.objects.bulk_create(batch)
            batch = []
    Customer.objects.bulk_create(batch)
    return partner


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=20000)
    args = parser.parse_args()
    generated = generate(args.customers)
    print(f"{generated.name}: {generated.customers.count()} customers")
