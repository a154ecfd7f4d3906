"""The unavailable-markets table, entry by entry against the seed (its Italian names, column by column)."""

import pytest

from commerce.errors import CommerceError
from commerce.markets import UNAVAILABLE_MARKETS, is_market_available, market_validate

# The seed's table "Mercati non disponibili (in ordine alfabetico)", its three columns as printed.
A_TO_GI = {
    "Isole Åland": "AX", "Samoa Americane": "AS", "Andorra": "AD", "Anguilla": "AI", "Antartide": "AQ",
    "Antigua e Barbuda": "AG", "Aruba": "AW", "Azerbaigian": "AZ", "Benin": "BJ", "Bhutan": "BT", "Bonaire": "BQ",
    "Isola Bouvet": "BV", "Territorio britannico dell'Oceano Indiano": "IO", "Isole Vergini Britanniche": "VG",
    "Burkina Faso": "BF", "Burundi": "BI", "Cambogia": "KH", "Repubblica Centrafricana": "CF", "Ciad": "TD",
    "Cina": "CN", "Isola Christmas": "CX", "Isole Cocos (Keeling)": "CC", "Comore": "KM", "Congo": "CG",
    "Repubblica democratica del Congo": "CD", "Isole Cook": "CK", "Gibuti": "DJ", "Dominica": "DM",
    "Guinea Equatoriale": "GQ", "Eritrea": "ER", "Isole Falkland": "FK", "Guayana Francese": "GF",
    "Polinesia Francese": "PF", "Terre australi francesi": "TF", "Gabon": "GA", "Gambia": "GM", "Gibilterra": "GI",
}  # fmt: skip
GR_TO_PAL = {
    "Groenlandia": "GL", "Grenada": "GD", "Guadalupa": "GP", "Guam": "GU", "Guernsey": "GG", "Guinea": "GN",
    "Guinea-Bissau": "GW", "Guyana": "GY", "Haiti": "HT", "Heard e McDonald": "HM", "Isola di Man": "IM",
    "Jan Mayen": "SJ", "Jersey": "JE", "Kiribati": "KI", "Kosovo": "XK", "Laos": "LA", "Lesotho": "LS",
    "Liberia": "LR", "Madagascar": "MG", "Malawi": "MW", "Maldive": "MV", "Mali": "ML", "Marshall": "MH",
    "Martinica": "MQ", "Mauritania": "MR", "Mayotte": "YT", "Micronesia": "FM", "Montserrat": "MS",
    "Mozambico": "MZ", "Myanmar": "MM", "Nauru": "NR", "Nuova Caledonia": "NC", "Niger": "NE", "Niue": "NU",
    "Norfolk": "NF", "Marianne Settentrionali": "MP", "Palau": "PW",
}  # fmt: skip
PAP_TO_Z = {
    "Papua Nuova Guinea": "PG", "Isole Pitcairn": "PN", "Riunione": "RE", "Saba": "BQ", "Saint Barthélemy": "BL",
    "Saint Lucia": "LC", "Saint Martin": "MF", "Saint Pierre e Miquelon": "PM", "Saint Vincent e Grenadine": "VC",
    "Samoa": "WS", "San Marino": "SM", "São Tomé e Príncipe": "ST", "Seychelles": "SC", "Sierra Leone": "SL",
    "Sint Eustatius": "BQ", "Sint Maarten": "SX", "Isole Salomone": "SB", "Somalia": "SO",
    "Georgia del Sud e Isole Sandwich Australi": "GS", "Sud Sudan": "SS",
    "Sant'Elena, Ascensione, Tristan da Cunha": "SH", "Suriname": "SR", "Svalbard": "SJ", "Swaziland": "SZ",
    "Timor-Leste": "TL", "Togo": "TG", "Tokelau": "TK", "Tonga": "TO", "Turks e Caicos, Isole": "TC", "Tuvalu": "TV",
    "Stati Uniti Altre isole americane del Pacifico": "UM", "Vanuatu": "VU", "Città del Vaticano": "VA",
    "Wallis e Futuna": "WF", "Yemen": "YE",
}  # fmt: skip
SEED_TABLE = {**A_TO_GI, **GR_TO_PAL, **PAP_TO_Z}


def test_the_whole_seed_table_and_nothing_else_is_unavailable():
    assert (len(A_TO_GI), len(GR_TO_PAL), len(PAP_TO_Z)) == (37, 37, 35)  # 109 entries as printed
    assert set(UNAVAILABLE_MARKETS) == set(SEED_TABLE.values())  # 106 codes: BQ and SJ cover several entries


@pytest.mark.parametrize(("name", "code"), sorted(SEED_TABLE.items()))
def test_each_seed_entry_is_refused_by_its_iso_code(name, code):
    assert not is_market_available(code)
    assert not is_market_available(code.lower())
    with pytest.raises(CommerceError) as error:
        market_validate(code)
    assert (error.value.code, error.value.error_name) == (800002, "MarketNotAvailable")
    assert f"({code})" in error.value.description


@pytest.mark.parametrize("code", ["IT", "US", "AU", "BR", "DE", "GB", "JP", "RU", "CH", "NO", "GE"])
def test_markets_outside_the_table_are_available(code):
    assert is_market_available(code)
    assert market_validate(code.lower()) == code
