"""The catalog is reference data that ships with the product: present after `migrate` on any deployment."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from commerce.catalog_seed import catalog_seed
from commerce.models import Availability, Price, Product, Sku

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_catalog_is_there_after_migrate_without_any_seeding():
    assert MigrationRecorder.Migration.objects.filter(app="commerce", name="0003_catalog").exists()
    assert Product.objects.filter(product_type="software").count() == 8
    software = {"sku__product__product_type": "software"}
    assert (
        Sku.objects.filter(product__product_type="software").count() == Availability.objects.filter(**software).count()
    )
    assert Availability.objects.filter(**software).count() == 22
    assert (
        Price.objects.filter(market="US", currency="USD", availability__sku__product__product_type="software").count()
        == 22
    )
    # The Azure plan and the reservation catalog ship the same way (reservations 0002_catalog).
    assert MigrationRecorder.Migration.objects.filter(app="reservations", name="0002_catalog").exists()
    assert Sku.objects.filter(product__product_type="reservation").count() == 224
    assert Product.objects.filter(product_type="azure_plan").count() == 1


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_keeps_an_edited_price(catalog):
    price = Price.objects.get(availability__availability_id="DG7GMGF0DWMS", market="US")
    price.unit_price = Decimal("123.45")
    price.save(update_fields=["unit_price"])
    before = sorted(Price.objects.values_list("pk", "unit_price", "currency"))

    assert catalog_seed() == 0

    assert sorted(Price.objects.values_list("pk", "unit_price", "currency")) == before
    price.refresh_from_db()
    assert price.unit_price == Decimal("123.45")


@pytest.fixture
def empty_database():
    """A scratch database on the test server, as a new deployment finds it; dropped afterwards."""
    settings = connection.settings_dict
    name = f"{settings['NAME']}_fresh"
    server = {"host": settings["HOST"], "port": settings["PORT"] or 5432, "user": settings["USER"]}
    if settings["PASSWORD"]:
        server["password"] = settings["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SELL_SOFTWARE_IN_US = """
import json
from django.test import Client
credentials = json.loads({credentials!r})
client = Client()
token = client.post("/oauth2/token", {{
    "grant_type": "client_credentials", "client_id": credentials["clientId"],
    "client_secret": credentials["clientSecret"],
}}).json()["access_token"]
products = client.get(
    "/v1/products?country=US&targetView=Software", HTTP_AUTHORIZATION=f"Bearer {{token}}"
).json()
print(json.dumps(products))
"""


def test_a_fresh_migrate_and_create_partner_sells_software_in_us_through_the_api(empty_database):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "partnercenter.settings_test", "DATABASE_URL": empty_database}

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage("migrate", "--noinput", "-v0")
    credentials = manage("create_partner", "Fresh CSP", "--email", "ops@fresh.example", "--password", "Fresh-pass-2026")
    products = json.loads(manage("shell", "-v0", "-c", SELL_SOFTWARE_IN_US.format(credentials=credentials)))

    assert products["totalCount"] == 8
    assert "SQL Server 2022 Standard - 2 Core License Pack" in {item["title"] for item in products["items"]}
