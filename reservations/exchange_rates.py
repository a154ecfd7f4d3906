"""Reference exchange rates (US dollars per unit) for the refund cap, loaded by a migration.

Plausible yearly rates for the currencies the catalog prices in; operators add and edit rates in
the admin. A refund uses the latest rate valid on its day.
"""

from datetime import date
from decimal import Decimal

RATES = {
    "EUR": {2020: "1.1200", 2024: "1.1050", 2025: "1.0350", 2026: "1.1700"},
    "GBP": {2020: "1.3100", 2024: "1.2730", 2025: "1.2520", 2026: "1.3450"},
    "AUD": {2020: "0.7000", 2024: "0.6810", 2025: "0.6200", 2026: "0.6650"},
    "BRL": {2020: "0.2500", 2024: "0.2060", 2025: "0.1620", 2026: "0.1830"},
    "JPY": {2020: "0.00920", 2024: "0.00709", 2025: "0.00636", 2026: "0.00680"},
}


def rates_load(exchange_rate_model=None) -> int:
    """Insert the reference rates that are missing (tests that flush tables call it again); returns how many."""
    if exchange_rate_model is None:
        from reservations.models import ExchangeRate as exchange_rate_model
    rows = [
        exchange_rate_model(currency=currency, valid_from=date(year, 1, 1), usd_per_unit=Decimal(rate))
        for currency, years in RATES.items()
        for year, rate in years.items()
    ]
    before = exchange_rate_model.objects.count()
    exchange_rate_model.objects.bulk_create(rows, ignore_conflicts=True)
    return exchange_rate_model.objects.count() - before
