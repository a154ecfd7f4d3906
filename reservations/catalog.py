"""Reference data: the Azure plan (targetView=Azure) and reservation products (targetView=AzureReservations).

Partner Center's reservation catalog has one SKU per size, region and term ("Reserved VM Instance,
Standard_D2s_v5, EU West, 1 Year"), billed one_time (upfront) or monthly, with `dynamicAttributes`
naming Azure's armSkuName, armRegionName and reservedResourceType, and provisioning variables
Scope, SubscriptionId and Duration (reference §1.3, §1.5). `catalog_load` inserts whatever row is
missing and never overwrites one, so a price an operator edited in the admin stays; the data
migration runs it with the historical models, tests and demo data with the current ones.
"""

import base64
import hashlib
from decimal import Decimal

from partnercenter.money import round_money

# Market → (currency, factor on the USD list price); AU and BR prices include tax (commerce.tax).
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

# Azure region name → (Partner Center's region label, price factor on the US East price).
REGIONS: dict[str, tuple[str, Decimal]] = {
    "eastus": ("US East", Decimal("1.00")),
    "westus2": ("US West 2", Decimal("1.00")),
    "westeurope": ("EU West", Decimal("1.08")),
    "northeurope": ("EU North", Decimal("1.04")),
    "uksouth": ("UK South", Decimal("1.10")),
    "australiaeast": ("AU East", Decimal("1.20")),
    "brazilsouth": ("BR South", Decimal("1.50")),
    "japaneast": ("JA East", Decimal("1.20")),
}

# Term → (Partner Center's duration, label, share of the pay-as-you-go price paid over the term).
TERMS: dict[str, tuple[str, str, Decimal, int]] = {
    "P1Y": ("1Year", "1 Year", Decimal("0.62"), 1),
    "P3Y": ("3Year", "3 Years", Decimal("0.40"), 3),
}
HOURS_PER_YEAR = Decimal(8760)
BILLING_CYCLES = ["one_time", "monthly"]
PROVISIONING_VARIABLES = ["Scope", "SubscriptionId", "Duration"]

AZURE_PLAN_PRODUCT = ("DZH318Z0BPS6", "Azure plan", "Pay-as-you-go Azure services for the customer, billed by usage.")

# (product id, title, description, reservedResourceType, label,
#  sizes: [(armSkuName, display name, pay-as-you-go USD per hour, extra attributes)])
RESERVATION_PRODUCTS = [
    (
        "DZH318Z0BQ3Q",
        "Reserved VM Instance, Dsv5 Series",
        "General purpose virtual machines with premium storage, reserved for 1 or 3 years.",
        "VirtualMachines",
        "Reserved VM Instance",
        [
            ("Standard_D2s_v5", "D2s v5", "0.096", {"cores": "2", "ram": "8", "category": "General purpose"}),
            ("Standard_D4s_v5", "D4s v5", "0.192", {"cores": "4", "ram": "16", "category": "General purpose"}),
            ("Standard_D8s_v5", "D8s v5", "0.384", {"cores": "8", "ram": "32", "category": "General purpose"}),
        ],
    ),
    (
        "DZH318Z0BQ3R",
        "Reserved VM Instance, Esv5 Series",
        "Memory optimised virtual machines with premium storage, reserved for 1 or 3 years.",
        "VirtualMachines",
        "Reserved VM Instance",
        [
            ("Standard_E2s_v5", "E2s v5", "0.126", {"cores": "2", "ram": "16", "category": "Memory optimised"}),
            ("Standard_E4s_v5", "E4s v5", "0.252", {"cores": "4", "ram": "32", "category": "Memory optimised"}),
        ],
    ),
    (
        "DZH318Z0BQ3S",
        "Reserved VM Instance, Bs Series",
        "Burstable virtual machines, reserved for 1 or 3 years.",
        "VirtualMachines",
        "Reserved VM Instance",
        [
            ("Standard_B2s", "B2s", "0.0416", {"cores": "2", "ram": "4", "category": "Burstable"}),
            ("Standard_B2ms", "B2ms", "0.0832", {"cores": "2", "ram": "8", "category": "Burstable"}),
        ],
    ),
    (
        "DZH318Z0BQ3T",
        "Reserved VM Instance, Fsv2 Series",
        "Compute optimised virtual machines, reserved for 1 or 3 years.",
        "VirtualMachines",
        "Reserved VM Instance",
        [
            ("Standard_F2s_v2", "F2s v2", "0.085", {"cores": "2", "ram": "4", "category": "Compute optimised"}),
            ("Standard_F4s_v2", "F4s v2", "0.169", {"cores": "4", "ram": "8", "category": "Compute optimised"}),
        ],
    ),
    (
        "DZH318Z0BQ4C",
        "SQL Database Reserved Capacity, General Purpose Gen5",
        "vCore compute for Azure SQL Database single databases and elastic pools, per vCore.",
        "SqlDatabases",
        "SQL Database Reserved Capacity",
        [("SQLDB_GP_Compute_Gen5", "General Purpose Gen5, 1 vCore", "0.2522", {"vCores": "1"})],
    ),
    (
        "DZH318Z0BQ4D",
        "Azure Cosmos DB Reserved Capacity",
        "Provisioned throughput for Azure Cosmos DB, per 100 RU/s.",
        "CosmosDb",
        "Azure Cosmos DB Reserved Capacity",
        [("Cosmos_DB_100_RUs", "100 RU/s", "0.008", {"throughput": "100 RU/s"})],
    ),
    (
        "DZH318Z0BQ4F",
        "App Service Reserved Instance, Premium v3",
        "App Service Premium v3 plan instances, reserved for 1 or 3 years.",
        "AppService",
        "App Service Reserved Instance",
        [
            ("P1v3", "P1 v3", "0.20", {"cores": "2", "ram": "8"}),
            ("P2v3", "P2 v3", "0.40", {"cores": "4", "ram": "16"}),
        ],
    ),
    (
        "DZH318Z0BQ4G",
        "Azure Cache for Redis Reserved Capacity, Premium",
        "Premium tier cache nodes, reserved for 1 or 3 years.",
        "RedisCache",
        "Azure Cache for Redis Reserved Capacity",
        [("Premium_P1", "Premium P1", "0.554", {"cache": "6 GB"})],
    ),
]


def availability_id_for(product_id: str, sku_id: str) -> str:
    """A stable 12-character availability id: the product's 8-character stem plus a 4-character digest."""
    digest = base64.b32encode(hashlib.sha256(f"{product_id}:{sku_id}".encode()).digest()).decode()
    return product_id[:8] + digest[:4]


def term_price_usd(hourly: Decimal, region: str, term: str) -> Decimal:
    """The USD price of one unit for the whole term: pay-as-you-go hours × the term's share × the region."""
    _duration, _label, share, years = TERMS[term]
    return round_money(hourly * HOURS_PER_YEAR * years * share * REGIONS[region][1], "USD")


def reservation_skus():
    """Every reservation SKU as (product id, sku id, title, term, attributes, USD price), in a stable order."""
    for product_id, _title, _description, resource_type, label, sizes in RESERVATION_PRODUCTS:
        number = 0
        for arm_sku_name, display, hourly, extra in sizes:
            for region, (region_label, _factor) in REGIONS.items():
                for term, (duration, term_label, _share, _years) in TERMS.items():
                    number += 1
                    attributes = {
                        "reservedResourceType": resource_type,
                        "armSkuName": arm_sku_name,
                        "skuDisplayName": display,
                        "armRegionName": region,
                        "region": region_label,
                        "duration": duration,
                        "supportedBillingCycles": BILLING_CYCLES,
                        "provisioningVariables": PROVISIONING_VARIABLES,
                        "purchasePrerequisites": ["SubscriptionRegistration"],
                        **extra,
                    }
                    title = f"{label}, {arm_sku_name}, {region_label}, {term_label}"
                    yield (
                        product_id,
                        f"{number:04d}",
                        title,
                        term,
                        attributes,
                        term_price_usd(Decimal(hourly), region, term),
                    )


def _market_prices(usd: Decimal):
    for market, (currency, factor) in MARKET_PRICING.items():
        yield market, currency, round_money(usd * factor, currency)


def catalog_load(*, Product, Sku, Availability, Price) -> int:
    """Insert the Azure plan and every reservation product, SKU, availability and price that is missing.

    Rows are matched on their unique keys and never updated; returns the number of prices created.
    """
    product_ids = [AZURE_PLAN_PRODUCT[0], *(row[0] for row in RESERVATION_PRODUCTS)]
    expected_prices = (1 + sum(1 for _ in reservation_skus())) * len(MARKET_PRICING)
    if Price.objects.filter(availability__sku__product__product_id__in=product_ids).count() == expected_prices:
        return 0  # everything is there (the common case: a re-run)
    products = [
        Product(
            product_id=AZURE_PLAN_PRODUCT[0],
            title=AZURE_PLAN_PRODUCT[1],
            description=AZURE_PLAN_PRODUCT[2],
            product_type="azure_plan",
        ),
        *(
            Product(product_id=pid, title=title, description=description, product_type="reservation")
            for pid, title, description, *_rest in RESERVATION_PRODUCTS
        ),
    ]
    Product.objects.bulk_create(products, ignore_conflicts=True)
    by_product_id = {p.product_id: p for p in Product.objects.filter(product_id__in=[p.product_id for p in products])}

    sku_rows = [
        (AZURE_PLAN_PRODUCT[0], "0001", "Azure plan", "", "subscription", "monthly", {}, Decimal(0)),
        *(
            (pid, sku_id, title, term, "reservation", "one_time", attributes, usd)
            for pid, sku_id, title, term, attributes, usd in reservation_skus()
        ),
    ]
    Sku.objects.bulk_create(
        [
            Sku(
                product=by_product_id[pid],
                sku_id=sku_id,
                title=title,
                kind=kind,
                term_duration=term,
                billing_cycle=cycle,
                attributes=attributes,
            )
            for pid, sku_id, title, term, kind, cycle, attributes, _usd in sku_rows
        ],
        ignore_conflicts=True,
    )
    skus = {
        (s.product.product_id, s.sku_id): s
        for s in Sku.objects.filter(product__in=by_product_id.values()).select_related("product")
    }
    Availability.objects.bulk_create(
        [
            Availability(sku=skus[(pid, sku_id)], availability_id=availability_id_for(pid, sku_id))
            for pid, sku_id, *_ in sku_rows
        ],
        ignore_conflicts=True,
    )
    availabilities = {
        a.availability_id: a for a in Availability.objects.filter(sku__product__in=by_product_id.values())
    }
    prices = [
        Price(
            availability=availabilities[availability_id_for(pid, sku_id)],
            market=market,
            currency=currency,
            unit_price=amount,
        )
        for pid, sku_id, *_middle, usd in sku_rows
        for market, currency, amount in _market_prices(usd)
    ]
    before = Price.objects.filter(availability__in=availabilities.values()).count()
    Price.objects.bulk_create(prices, ignore_conflicts=True)
    return Price.objects.filter(availability__in=availabilities.values()).count() - before


def catalog_load_current() -> int:
    """`catalog_load` with today's models: for tests, which empty the tables between transactional runs."""
    from commerce.models import Availability, Price, Product, Sku

    return catalog_load(Product=Product, Sku=Sku, Availability=Availability, Price=Price)
