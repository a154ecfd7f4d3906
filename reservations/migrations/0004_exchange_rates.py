from django.db import migrations


def load(apps, schema_editor):
    from reservations.exchange_rates import rates_load

    rates_load(apps.get_model("reservations", "ExchangeRate"))


class Migration(migrations.Migration):
    dependencies = [("reservations", "0003_refunds")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
