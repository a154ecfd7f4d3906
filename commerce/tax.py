"""Tax rates per market, in one table, and the one function that splits an amount into its parts.

Commercial prices exclude tax, except in Australia and Brazil where the price includes it (seed
"Vendere abbonamenti software tramite CSP"). Rates are the simulator's, not tax advice.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from partnercenter.money import round_money


@dataclass(frozen=True)
class TaxRule:
    rate: Decimal
    inclusive: bool


DEFAULT_RULE = TaxRule(Decimal("0.00"), inclusive=False)
TAX_RULES: dict[str, TaxRule] = {
    "AU": TaxRule(Decimal("0.10"), inclusive=True),
    "BR": TaxRule(Decimal("0.17"), inclusive=True),
    "IT": TaxRule(Decimal("0.22"), inclusive=False),
    "DE": TaxRule(Decimal("0.19"), inclusive=False),
    "FR": TaxRule(Decimal("0.20"), inclusive=False),
    "ES": TaxRule(Decimal("0.21"), inclusive=False),
    "GB": TaxRule(Decimal("0.20"), inclusive=False),
    "JP": TaxRule(Decimal("0.10"), inclusive=False),
    "US": TaxRule(Decimal("0.00"), inclusive=False),
}


def tax_rule(market: str) -> TaxRule:
    return TAX_RULES.get(str(market).upper(), DEFAULT_RULE)


@dataclass(frozen=True)
class TaxSplit:
    subtotal: Decimal
    tax: Decimal
    total: Decimal


def tax_split(*, amount: Decimal, market: str, currency: str) -> TaxSplit:
    """Split a line amount (price × quantity) into subtotal, tax and total, each rounded once.

    In a tax-inclusive market `amount` is the total and the tax is the part inside it;
    elsewhere `amount` is the subtotal and tax is added. total == subtotal + tax exactly.
    """
    rule = tax_rule(market)
    amount = round_money(amount, currency)
    if rule.inclusive:
        subtotal = round_money(amount / (1 + rule.rate), currency)
        return TaxSplit(subtotal=subtotal, tax=amount - subtotal, total=amount)
    tax = round_money(amount * rule.rate, currency)
    return TaxSplit(subtotal=amount, tax=tax, total=amount + tax)


def tax_wording(market: str, currency: str) -> str:
    """The rule in words, as every price list states it: in the currency, tax excluded or included (AU, BR)."""
    rule = tax_rule(market)
    rate = f"{rule.rate * 100:.0f}%"
    if not rule.rate:
        return _("Prices are in %(currency)s and exclude tax.") % {"currency": currency}
    if rule.inclusive:
        return _("Prices are in %(currency)s and include tax (%(rate)s).") % {"currency": currency, "rate": rate}
    return _("Prices are in %(currency)s and exclude tax (%(rate)s is added on the invoice).") % {
        "currency": currency,
        "rate": rate,
    }
