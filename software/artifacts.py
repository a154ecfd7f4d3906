"""What a purchase can be downloaded as: versions, languages and bitness, and the placeholder file.

The catalog (commerce.Sku.attributes) may list "versions", "languages" and "bitness"; where it does
not, these defaults apply. They are copied onto the purchase at fulfilment so a later catalog edit
never changes what a customer already bought.
"""

import re

from django.utils.translation import get_language_info

DEFAULT_LANGUAGES = ["en-US", "it-IT", "de-DE", "fr-FR", "es-ES", "pt-BR", "ja-JP"]
DEFAULT_BITNESS = ["64-bit"]


def options_for_sku(sku) -> dict[str, list[str]]:
    """The version, language and bitness choices a SKU offers (catalog attributes or defaults)."""
    attributes = sku.attributes or {}
    return {
        "versions": list(attributes.get("versions") or [sku.product.title]),
        "languages": list(attributes.get("languages") or DEFAULT_LANGUAGES),
        "bitnesses": list(attributes.get("bitness") or DEFAULT_BITNESS),
    }


def language_name(code: str) -> str:
    """English name of a language code ("it-IT" -> "Italian", "pt-BR" -> "Brazilian Portuguese")."""
    for candidate in (code.lower(), code.split("-")[0].lower()):
        try:
            return get_language_info(candidate)["name"]
        except KeyError:
            continue
    return code


def edition_name(*, product_title: str, version: str) -> str:
    """The edition a version stands for: "Windows Server 2022 Datacenter - 2 Core..." + "2019" ->
    "Windows Server 2019 Datacenter"; a version that is already a full name is kept."""
    edition = product_title.split(" - ")[0].strip()
    if not re.fullmatch(r"[0-9][0-9A-Za-z .]*", version):
        return version
    if re.search(r"\b(19|20)[0-9]{2}\b", edition):
        return re.sub(r"\b(19|20)[0-9]{2}\b", version, edition, count=1)
    return f"{edition} {version}"


def _part(text: str) -> str:
    text = re.sub(r"\bWindows\b", "Win", text)
    text = re.sub(r"\(([^)]*)\)", r"\1", text)
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


def download_filename(*, product_title: str, version: str, language: str, bitness: str) -> str:
    """E.g. SW_DVD9_Win_Server_2022_Datacenter_64Bit_Italian.iso.txt (placeholder, hence .txt)."""
    bits = re.sub(r"[^0-9]", "", bitness) + "Bit"
    edition = edition_name(product_title=product_title, version=version)
    return f"SW_DVD9_{_part(edition)}_{bits}_{_part(language_name(language))}.iso.txt"


def download_content(*, purchase, version: str, language: str, bitness: str) -> bytes:
    """A small text stand-in for the ISO; it never contains the product key."""
    lines = [
        "Partner Center Simulator - placeholder download",
        f"Product: {purchase.product_title}",
        f"SKU: {purchase.sku_title}",
        f"Version: {edition_name(product_title=purchase.product_title, version=version)}",
        f"Language: {language_name(language)} ({language})",
        f"Bitness: {bitness}",
        f"Order: {purchase.order_line.order.order_id}",
        "",
        "A real Partner Center download would be a disc image here.",
    ]
    return ("\n".join(lines) + "\n").encode()
