"""Reference data: the Azure plan and the reservation catalog, present after `migrate` on any deployment.

Runs reservations.catalog.catalog_load with the historical models: inserts missing rows only and
never overwrites one (an operator's price edit survives a re-run). Reversing leaves the rows.
"""

from django.db import migrations

from reservations.catalog import catalog_load


def load(apps, schema_editor):
    catalog_load(
        Product=apps.get_model("commerce", "Product"),
        Sku=apps.get_model("commerce", "Sku"),
        Availability=apps.get_model("commerce", "Availability"),
        Price=apps.get_model("commerce", "Price"),
    )


class Migration(migrations.Migration):
    dependencies = [("reservations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
