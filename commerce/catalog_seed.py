"""The software catalog as data: products, SKUs, availabilities and a price per market.

The catalog is reference data that ships with the product: migration `0003_catalog` runs
`catalog_seed()` on every deployment. It inserts whatever is missing and never overwrites a row, so
it is safe to run again and leaves prices edited in the admin alone. Ids follow Partner Center's
shapes: 12-character product and availability ids, 4-digit SKU ids, catalog item
`product:sku:availability` (e.g. `DG7GMGF0FKZV:0003:DG7GMGF0DWMS` as in the cancel-software docs).
"""

import base64
import hashlib
from decimal import Decimal

from django.apps import apps as installed_apps
from django.db import transaction

from commerce.models import BillingCycle, ProductType, SkuKind
from partnercenter.money import round_money

# Market → (currency, factor applied to the USD list price). AU and BR prices include tax (commerce.tax).
MARKET_PRICING: dict[str, tuple[str, Decimal]] = {
    "US": ("USD", Decimal("1")),
    "IT": ("EUR", Decimal("0.93")),
    "DE": ("EUR", Decimal("0.93")),
    "FR": ("EUR", Decimal("0.93")),
    "ES": ("EUR", Decimal("0.93")),
    "GB": ("GBP", Decimal("0.80")),
    "AU": ("AUD", Decimal("1.68")),
    "BR": ("BRL", Decimal("6.30")),
    "JP": ("JPY", Decimal("150")),
}

SERVER_LANGUAGES = ["en-US", "it-IT", "de-DE", "fr-FR", "es-ES", "pt-BR", "ja-JP"]
WINDOWS_SERVER = {"versions": ["2022", "2019", "2016"], "languages": SERVER_LANGUAGES, "bitness": ["64-bit"]}
SQL_SERVER = {"versions": ["2022", "2019"], "languages": SERVER_LANGUAGES, "bitness": ["64-bit"]}
CAL = {"versions": ["2022", "2019"], "languages": SERVER_LANGUAGES, "bitness": ["32-bit", "64-bit"]}
SUSE = {"versions": ["15 SP5", "15 SP4"], "languages": ["en-US"], "bitness": ["64-bit"]}
RED_HAT = {"versions": ["9", "8"], "languages": ["en-US"], "bitness": ["64-bit"]}

PERPETUAL_AND_SUBSCRIPTIONS = [
    ("0001", SkuKind.PERPETUAL, ""),
    ("0002", SkuKind.SUBSCRIPTION, "P1Y"),
    ("0003", SkuKind.SUBSCRIPTION, "P3Y"),
]
SOFTWARE_PLANS = [
    ("0001", SkuKind.SOFTWARE_PLAN, "P1Y"),
    ("0002", SkuKind.SOFTWARE_PLAN, "P3Y"),
]
TERM_SUFFIX = {"": "", "P1Y": " - 1 year", "P3Y": " - 3 year"}

# (product id, title, description, attributes, SKU shapes, USD prices in SKU order)
PRODUCTS = [
    (
        "DG7GMGF0D65N",
        "Windows Server 2022 Datacenter - 2 Core License Pack",
        "Windows Server Datacenter edition, licensed per 2 physical cores.",
        WINDOWS_SERVER,
        PERPETUAL_AND_SUBSCRIPTIONS,
        ["769.37", "298.00", "815.00"],
    ),
    (
        "DG7GMGF0D5RK",
        "Windows Server 2022 Standard - 2 Core License Pack",
        "Windows Server Standard edition, licensed per 2 physical cores.",
        WINDOWS_SERVER,
        PERPETUAL_AND_SUBSCRIPTIONS,
        ["133.63", "52.00", "142.00"],
    ),
    (
        "DG7GMGF0FLR2",
        "SQL Server 2022 Standard - 2 Core License Pack",
        "SQL Server Standard edition, licensed per 2 cores.",
        SQL_SERVER,
        PERPETUAL_AND_SUBSCRIPTIONS,
        ["3945.00", "1418.00", "3611.00"],
    ),
    (
        "DG7GMGF0FKZV",
        "SQL Server 2022 Enterprise - 2 Core License Pack",
        "SQL Server Enterprise edition, licensed per 2 cores.",
        SQL_SERVER,
        PERPETUAL_AND_SUBSCRIPTIONS,
        ["15123.00", "5434.00", "13858.00"],
    ),
    (
        "DG7GMGF0DSWP",
        "Windows Server 2022 CAL - 1 Device CAL",
        "Client access licence for one device.",
        CAL,
        PERPETUAL_AND_SUBSCRIPTIONS,
        ["45.00", "16.00", "44.00"],
    ),
    (
        "DG7GMGF0DSWQ",
        "Windows Server 2022 CAL - 1 User CAL",
        "Client access licence for one user.",
        CAL,
        PERPETUAL_AND_SUBSCRIPTIONS,
        ["52.00", "19.00", "51.00"],
    ),
    (
        "DZH318Z0BQ5S",
        "SUSE Linux Enterprise Server Standard - 1-2 vCPU VM",
        "Prepaid SUSE Linux Enterprise Server software plan for Azure virtual machines.",
        SUSE,
        SOFTWARE_PLANS,
        ["131.00", "316.00"],
    ),
    (
        "DZH318Z0BQ6R",
        "Red Hat Enterprise Linux - 1-4 vCPU VM",
        "Prepaid Red Hat Enterprise Linux software plan for Azure virtual machines.",
        RED_HAT,
        SOFTWARE_PLANS,
        ["526.00", "1277.00"],
    ),
]

# Third-party software plans sold through CSP; everything else is Microsoft's own.
PUBLISHERS = {"DZH318Z0BQ5S": "SUSE", "DZH318Z0BQ6R": "Red Hat, Inc."}

# Ids Partner Center's documentation shows; the others are derived (stable across runs).
KNOWN_AVAILABILITY_IDS = {("DG7GMGF0FKZV", "0003"): "DG7GMGF0DWMS"}


def availability_id_for(product_id: str, sku_id: str) -> str:
    """A stable 12-character availability id: the product's 8-character stem plus a 4-character digest."""
    known = KNOWN_AVAILABILITY_IDS.get((product_id, sku_id))
    if known:
        return known
    digest = base64.b32encode(hashlib.sha256(f"{product_id}:{sku_id}".encode()).digest()).decode()
    return product_id[:8] + digest[:4]


def market_price(usd: Decimal, market: str) -> tuple[str, Decimal]:
    currency, factor = MARKET_PRICING[market]
    return currency, round_money(usd * factor, currency)


@transaction.atomic
def catalog_seed(*, apps=installed_apps) -> int:
    """Create every missing product, SKU, availability and price; returns how many rows were created.

    `apps` is the model registry: a migration passes its historical one, so the loader keeps working
    as the models change after that migration.
    """
    # Model classes from the registry (historical ones in a migration).
    Product = apps.get_model("commerce", "Product")
    Sku = apps.get_model("commerce", "Sku")
    Availability = apps.get_model("commerce", "Availability")
    Price = apps.get_model("commerce", "Price")
    created = 0
    for product_id, title, description, attributes, sku_shapes, usd_prices in PRODUCTS:
        product, new = Product.objects.get_or_create(
            product_id=product_id,
            defaults={
                "title": title,
                "description": description,
                "product_type": ProductType.SOFTWARE,
                "publisher": PUBLISHERS.get(product_id, "Microsoft Corporation"),
            },
        )
        created += new
        for (sku_id, kind, term), usd in zip(sku_shapes, usd_prices, strict=True):
            sku, new = Sku.objects.get_or_create(
                product=product,
                sku_id=sku_id,
                defaults={
                    "title": title + TERM_SUFFIX[term],
                    "kind": kind,
                    "term_duration": term,
                    "billing_cycle": BillingCycle.ONE_TIME,
                    "attributes": attributes,
                },
            )
            created += new
            availability, new = Availability.objects.get_or_create(
                availability_id=availability_id_for(product_id, sku_id), defaults={"sku": sku}
            )
            created += new
            for market in MARKET_PRICING:
                currency, amount = market_price(Decimal(usd), market)
                _price, new = Price.objects.get_or_create(
                    availability=availability,
                    market=market,
                    defaults={"currency": currency, "unit_price": amount},
                )
                created += new
    return created
