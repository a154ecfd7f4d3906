"""About fifty demo customers per partner across markets, one where Azure reservations are unavailable."""

from customers.models import Customer
from customers.services import customer_create

# (market, city, state, postal code, culture, language)
MARKETS = [
    ("IT", "Milano", "MI", "20121", "it-IT", "it"),
    ("IT", "Roma", "RM", "00184", "it-IT", "it"),
    ("US", "Redmond", "WA", "98052", "en-US", "en"),
    ("US", "Austin", "TX", "73301", "en-US", "en"),
    ("AU", "Sydney", "NSW", "2000", "en-AU", "en"),
    ("BR", "São Paulo", "SP", "01310-100", "pt-BR", "pt"),
    ("GB", "London", "", "EC1A 1BB", "en-GB", "en"),
    ("DE", "Berlin", "", "10115", "de-DE", "de"),
    ("FR", "Paris", "", "75001", "fr-FR", "fr"),
    ("ES", "Madrid", "", "28001", "es-ES", "es"),
    ("JP", "Tokyo", "", "100-0001", "ja-JP", "ja"),
]
UNAVAILABLE_MARKET = ("SM", "San Marino", "", "47890", "it-IT", "it")
NAMES = [
    "Adatum",
    "Alpine Ski House",
    "Bellows College",
    "Best For You Organics",
    "Blue Yonder Airlines",
    "City Power & Light",
    "Coho Winery",
    "Consolidated Messenger",
    "Contoso Pharmaceuticals",
    "Datum Corporation",
    "Fourth Coffee",
    "Graphic Design Institute",
    "Humongous Insurance",
    "Lamna Healthcare",
    "Liberty's Delightful",
    "Litware",
    "Lucerne Publishing",
    "Margie's Travel",
    "Northwind Traders",
    "Proseware",
    "Relecloud",
    "School of Fine Art",
    "Southridge Video",
    "Tailspin Toys",
    "Trey Research",
    "VanArsdel",
    "Wide World Importers",
    "Wingtip Toys",
    "Woodgrove Bank",
    "World Wide Importers",
    "Alba Costruzioni",
    "Bottega Verde Digitale",
    "Caffè Aurora",
    "Dolomiti Logistica",
    "Etruria Tessile",
    "Fonderia Ligure",
    "Galileo Ottica",
    "Ippocampo Nautica",
    "Laguna Vetri",
    "Mediterranea Foods",
    "Nuvola Sistemi",
    "Orizzonte Energia",
    "Piemonte Vini",
    "Quadrifoglio Assicurazioni",
    "Riviera Hotels",
    "Sabbia Design",
    "Toscana Agricola",
    "Umbria Ceramiche",
    "Vesuvio Meccanica",
]


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:40]


def seed_customers(partner, *, prefix: str) -> int:
    """Create the partner's demo customers once; returns how many were created this time."""
    created = 0
    specs = [(name, MARKETS[i % len(MARKETS)]) for i, name in enumerate(NAMES)]
    specs.append(("Titano Servizi", UNAVAILABLE_MARKET))
    for name, (market, city, state, postal_code, culture, language) in specs:
        domain = f"{_slug(name)}{prefix}.onmicrosoft.com"
        if Customer.objects.filter(domain=domain).exists():
            continue
        customer_create(
            partner=partner,
            actor=None,
            company_name=name,
            domain=domain,
            market=market,
            first_name="Alex",
            last_name="Rossi" if market == "IT" else "Smith",
            email=f"billing@{_slug(name)}.example",
            culture=culture,
            language=language,
            address_line1="1 Demo Street",
            city=city,
            state=state,
            postal_code=postal_code,
        )
        created += 1
    return created
