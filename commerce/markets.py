"""Markets where Azure reservations and software subscriptions cannot be bought.

The whole table of the seed "Vendere abbonamenti software tramite CSP" (109 entries), by ISO 3166 code;
several entries share a code (Bonaire, Saba and Sint Eustatius are BQ; Svalbard and Jan Mayen are SJ).
"""

from django.utils.translation import gettext as _
from django_countries import countries

from commerce.errors import CommerceError

UNAVAILABLE_MARKETS: dict[str, str] = {
    "AX": "Åland Islands", "AS": "American Samoa", "AD": "Andorra", "AI": "Anguilla", "AQ": "Antarctica",
    "AG": "Antigua and Barbuda", "AW": "Aruba", "AZ": "Azerbaijan", "BJ": "Benin", "BT": "Bhutan",
    "BQ": "Bonaire, Saba, Sint Eustatius", "BV": "Bouvet Island", "IO": "British Indian Ocean Territory",
    "VG": "British Virgin Islands", "BF": "Burkina Faso", "BI": "Burundi", "KH": "Cambodia",
    "CF": "Central African Republic", "TD": "Chad", "CN": "China", "CX": "Christmas Island",
    "CC": "Cocos (Keeling) Islands", "KM": "Comoros", "CG": "Congo", "CD": "Congo (DRC)", "CK": "Cook Islands",
    "DJ": "Djibouti", "DM": "Dominica", "GQ": "Equatorial Guinea", "ER": "Eritrea", "FK": "Falkland Islands",
    "GF": "French Guiana", "PF": "French Polynesia", "TF": "French Southern Territories", "GA": "Gabon",
    "GM": "Gambia", "GI": "Gibraltar", "GL": "Greenland", "GD": "Grenada", "GP": "Guadeloupe", "GU": "Guam",
    "GG": "Guernsey", "GN": "Guinea", "GW": "Guinea-Bissau", "GY": "Guyana", "HT": "Haiti",
    "HM": "Heard Island and McDonald Islands", "IM": "Isle of Man", "SJ": "Svalbard and Jan Mayen", "JE": "Jersey",
    "KI": "Kiribati", "XK": "Kosovo", "LA": "Laos", "LS": "Lesotho", "LR": "Liberia", "MG": "Madagascar",
    "MW": "Malawi", "MV": "Maldives", "ML": "Mali", "MH": "Marshall Islands", "MQ": "Martinique",
    "MR": "Mauritania", "YT": "Mayotte", "FM": "Micronesia", "MS": "Montserrat", "MZ": "Mozambique",
    "MM": "Myanmar", "NR": "Nauru", "NC": "New Caledonia", "NE": "Niger", "NU": "Niue", "NF": "Norfolk Island",
    "MP": "Northern Mariana Islands", "PW": "Palau", "PG": "Papua New Guinea", "PN": "Pitcairn Islands",
    "RE": "Réunion", "BL": "Saint Barthélemy", "LC": "Saint Lucia", "MF": "Saint Martin",
    "PM": "Saint Pierre and Miquelon", "VC": "Saint Vincent and the Grenadines", "WS": "Samoa", "SM": "San Marino",
    "ST": "São Tomé and Príncipe", "SC": "Seychelles", "SL": "Sierra Leone", "SX": "Sint Maarten",
    "SB": "Solomon Islands", "SO": "Somalia", "GS": "South Georgia and South Sandwich Islands", "SS": "South Sudan",
    "SH": "St Helena, Ascension, Tristan da Cunha", "SR": "Suriname", "SZ": "Eswatini (Swaziland)",
    "TL": "Timor-Leste", "TG": "Togo", "TK": "Tokelau", "TO": "Tonga", "TC": "Turks and Caicos Islands",
    "TV": "Tuvalu", "UM": "U.S. Outlying Islands", "VU": "Vanuatu", "VA": "Vatican City", "WF": "Wallis and Futuna",
    "YE": "Yemen",
}  # fmt: skip


def is_market_available(market: str) -> bool:
    return str(market).upper() not in UNAVAILABLE_MARKETS


def market_validate(country) -> str:
    """The market code for a country a customer can buy in; CommerceError for a bad or unavailable one."""
    code = str(country or "").strip().upper()
    if code in UNAVAILABLE_MARKETS:
        raise CommerceError(
            800002,
            _("Software subscriptions and Azure reservations are not available in %(market)s (%(code)s).")
            % {"market": countries.name(code) or UNAVAILABLE_MARKETS[code], "code": code},
            error_name="MarketNotAvailable",
        )
    if len(code) != 2 or not countries.alpha2(code):
        raise CommerceError(
            800002,
            _("'%(country)s' is not a valid ISO 3166-1 alpha-2 country code.") % {"country": country or ""},
            error_name="InvalidCountry",
        )
    return code
