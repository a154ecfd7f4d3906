"""For the `python -m bench.X` scripts: set up Django and find the data `manage.py generate_load` built."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnercenter.settings")
django.setup()


def bench_partner():
    """The generated large partner; exits with a hint when the database has none."""
    from accounts.models import Partner
    from bench.generate import MAIN_MPN

    partner = Partner.objects.filter(mpn_id=MAIN_MPN).first()
    if partner is None:
        sys.exit("No bench data here: run `manage.py generate_load --scale small|large --seed 1` first.")
    return partner
