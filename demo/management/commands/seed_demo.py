from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Role
from demo.demo_customers import seed_customers
from demo.partners import DEMO_PARTNERS, DEMO_PASSWORD, OPERATOR_USERNAME, seed_operator, seed_partners
from demo.purchases import seed_customer_admin, seed_software
from demo.reservations import seed_reservation_roles, seed_reservations
from demo.support import seed_support


class Command(BaseCommand):
    help = "Load demo partners, users, customers and purchases. Safe to run again: nothing is duplicated."

    @transaction.atomic
    def handle(self, *args, **options):
        operator = seed_operator()
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
            assigned = seed_reservation_roles(partner)
            self.stdout.write(f"  Azure reservations: {reserved} new, {assigned} new role assignments")
            self.stdout.write(f"  support requests: {seed_support(partner, operator=operator)} new")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for spec in DEMO_PARTNERS:
            roles = ", ".join(role.value.replace("_", "-") for role in Role)
            self.stdout.write(f"  {spec['name']}: <role>@{spec['prefix']}.example with <role> one of {roles}")
        self.stdout.write(f"  e.g. admin-agent@{DEMO_PARTNERS[0]['prefix']}.example")
        self.stdout.write(f"  Back office (/admin/): {OPERATOR_USERNAME}")
        self.stdout.write(f"  A customer's global admin (their software keys): {', '.join(map(str, customer_admins))}")
