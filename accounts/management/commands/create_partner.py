import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role
from accounts.services import api_credential_create, partner_create, partner_user_create


class Command(BaseCommand):
    help = "Create a partner with one user holding global admin and admin agent; print JSON credentials."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--country", default="US")
        parser.add_argument("--currency", default="USD")

    def handle(self, *args, name, email, password, country, currency, **options):
        try:
            with transaction.atomic():
                partner = partner_create(name=name, country=country, billing_currency=currency)
                user = partner_user_create(
                    partner=partner,
                    username=email,
                    email=email,
                    password=password,
                    roles=[Role.GLOBAL_ADMIN, Role.ADMIN_AGENT],
                )
                credential, secret = api_credential_create(partner=partner, name="Default application", actor=user)
        except ValidationError as error:
            raise CommandError(f"Invalid partner or user: {'; '.join(error.messages)}") from error
        output = {
            "partnerId": str(partner.tenant_id),
            "mpnId": partner.mpn_id,
            "user": {"username": user.username, "password": password, "roles": sorted(user.role_set)},
            "clientId": str(credential.client_id),
            "clientSecret": secret,
        }
        self.stdout.write(json.dumps(output, indent=2))
