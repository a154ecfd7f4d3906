from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PARTNERS, DEMO_PASSWORD, OPERATOR_USERNAME, seed_operator, seed_partners
from accounts.models import Role
from commerce.catalog_seed import catalog_seed
from customers.demo import seed_customers
from reservations.demo import seed_reservation_roles, seed_reservations
from software.demo import seed_customer_admin, seed_software


class Command(BaseCommand):
    help = "Load demo partners, users and customers. Safe to run again: nothing is duplicated."

    @transaction.atomic
    def handle(self, *args, **options):
        seed_operator()
        self.stdout.write(f"Catalog: {catalog_seed()} new products, SKUs, availabilities and prices")
        partners = seed_partners()
        customer_admins = []
        for partner, spec in zip(partners, DEMO_PARTNERS, strict=True):
            created = seed_customers(partner, prefix=spec["prefix"])
            self.stdout.write(f"{partner.name}: {partner.customers.count()} customers ({created} new)")
            bought = seed_software(partner)
            customer_admin = seed_customer_admin(partner, password=DEMO_PASSWORD)
            customer_admins.append(customer_admin)
            self.stdout.write(f"  software: {bought} new purchases; customer admin {customer_admin}")
            reserved = seed_reservations(partner)
            roles = seed_reservation_roles(partner)
            self.stdout.write(f"  Azure reservations: {reserved} new, {roles} new role assignments")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for spec in DEMO_PARTNERS:
            roles = ", ".join(role.value.replace("_", "-") for role in Role)
            self.stdout.write(f"  {spec['name']}: <role>@{spec['prefix']}.example with <role> one of {roles}")
        self.stdout.write(f"  e.g. admin-agent@{DEMO_PARTNERS[0]['prefix']}.example")
        self.stdout.write(f"  Back office (/admin/): {OPERATOR_USERNAME}")
        self.stdout.write(f"  A customer's global admin (their software keys): {', '.join(map(str, customer_admins))}")
