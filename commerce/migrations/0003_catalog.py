"""The catalog ships with the product: products, SKUs, availabilities and prices on every deployment."""

from django.db import migrations


def load_catalog(apps, schema_editor):
    from commerce.catalog_seed import catalog_seed

    catalog_seed(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("commerce", "0002_cart_cartline_cart_ordered_cart_has_order_and_more")]

    # Reversing leaves the rows: orders may reference them, and an operator may have edited prices.
    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
