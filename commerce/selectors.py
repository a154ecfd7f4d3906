"""Reads on the catalog (by market) and on orders and carts (always scoped to the partner and customer)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from commerce.errors import CommerceError
from commerce.markets import market_validate
from commerce.models import Availability, Cart, LineStatus, Order, OrderStatus, Price, Product, ProductType, Sku
from partnercenter.errors import NotFound
from partnercenter.prepared import PreparedQuery

# Partner Center's targetView values this simulator serves, compared case-insensitively.
TARGET_VIEWS = {
    "software": ProductType.SOFTWARE,
    "azurereservations": ProductType.RESERVATION,
    "azure": ProductType.AZURE_PLAN,
}


def _priced_in(market: str, path: str) -> Exists:
    return Exists(Price.objects.filter(market=market, **{path: OuterRef("pk")}))


def product_list(*, country, target_view: str | None = None) -> QuerySet[Product]:
    """Products with at least one price in the country's market; refuses a bad or unavailable market."""
    market = market_validate(country)
    products = Product.objects.filter(_priced_in(market, "availability__sku__product"))
    if target_view:
        try:
            products = products.filter(product_type=TARGET_VIEWS[str(target_view).lower()])
        except KeyError as exc:
            raise CommerceError(
                800002,
                _("Unknown targetView '%(view)s'; use one of: Software, AzureReservations, Azure.")
                % {"view": target_view},
                error_name="InvalidTargetView",
            ) from exc
    return products.order_by("title", "id")


def product_get(*, product_id: str) -> Product:
    try:
        return Product.objects.get(product_id=product_id)
    except Product.DoesNotExist as exc:
        raise NotFound("No such product.") from exc


def sku_list(*, product: Product, country) -> QuerySet[Sku]:
    market = market_validate(country)
    return product.skus.filter(_priced_in(market, "availability__sku")).select_related("product").order_by("sku_id")


def sku_get(*, product: Product, sku_id: str) -> Sku:
    try:
        return product.skus.select_related("product").get(sku_id=sku_id)
    except Sku.DoesNotExist as exc:
        raise NotFound("No such SKU.") from exc


def availability_list(*, sku: Sku, country) -> QuerySet[Availability]:
    """The SKU's availabilities priced in the market, each with `market_prices` (its one price there)."""
    market = market_validate(country)
    return (
        sku.availabilities.filter(_priced_in(market, "availability"))
        .select_related("sku__product")
        .prefetch_related(Prefetch("prices", queryset=Price.objects.filter(market=market), to_attr="market_prices"))
        .order_by("availability_id")
    )


@dataclass(frozen=True)
class Offer:
    """A priced catalog item in one market: what the Add products page lists and an order line buys."""

    availability: Availability
    price: Price

    @property
    def sku(self) -> Sku:
        return self.availability.sku

    @property
    def product(self) -> Product:
        return self.availability.sku.product

    @property
    def catalog_item_id(self) -> str:
        return self.availability.catalog_item_id

    @property
    def unit_price(self) -> Decimal:
        return self.price.unit_price


def offer_list(*, market: str, product_type: str = ProductType.SOFTWARE) -> list[Offer]:
    """Every priced catalog item of a product type in a market, in product then SKU order (one query)."""
    prices = (
        Price.objects.filter(market=market, availability__sku__product__product_type=product_type)
        .select_related("availability__sku__product")
        .order_by("availability__sku__product__title", "availability__sku__sku_id", "availability__availability_id")
    )
    return [Offer(availability=price.availability, price=price) for price in prices]


# Every order line is priced here: compiled once per connection (one price per availability and market).
_OFFER_PRICE = PreparedQuery(
    lambda market, availability_id, sku_id, product_id: (
        Price.objects.filter(
            market=market,
            availability__availability_id=availability_id,
            availability__sku__sku_id=sku_id,
            availability__sku__product__product_id=product_id,
        )
        .select_related("availability__sku__product")
        .order_by("pk")[:1]
    ),
    market="prepared sample: market",
    availability_id="prepared sample: availability",
    sku_id="prepared sample: sku",
    product_id="prepared sample: product",
)


def offer_get(*, catalog_item_id: str, market: str) -> Offer | None:
    """The priced catalog item `product:sku:availability` in the market, or None."""
    parts = str(catalog_item_id or "").split(":")
    if len(parts) != 3 or not all(parts):
        return None
    product_id, sku_id, availability_id = parts
    prices = _OFFER_PRICE(market=str(market), availability_id=availability_id, sku_id=sku_id, product_id=product_id)
    return Offer(availability=prices[0].availability, price=prices[0]) if prices else None


def order_list(*, partner, customer) -> QuerySet[Order]:
    """The customer's orders, newest first, with their lines; empty for another partner's customer."""
    return (
        Order.objects.filter(partner=partner, customer=customer)
        .select_related("customer")
        .prefetch_related("lines")
        .order_by("-created_at", "-id")
    )


def order_with_lines(order: Order, lines: list) -> Order:
    """`order` with `lines` (its lines in line-number order) as its prefetched `lines`, as `order_list` reads it.

    For a service that has just written the order: it answers with what it wrote instead of reading it back.
    """
    # Django's prefetch_related does exactly this with the rows it reads (QuerySet and Model internals).
    queryset = order.lines.all()  # not evaluated
    queryset._result_cache = sorted(lines, key=lambda line: line.line_number)
    queryset._prefetch_done = True  # type: ignore[attr-defined]
    order._prefetched_objects_cache = {"lines": queryset}  # type: ignore[attr-defined]
    return order


def order_get(*, partner, customer, order_id: str) -> Order:
    """One order of the customer; 404 when it belongs to another customer or partner."""
    try:
        return order_list(partner=partner, customer=customer).get(order_id=order_id)
    except Order.DoesNotExist as exc:
        raise NotFound("No such order.") from exc


def order_as_cancelled(order: Order, confirmed: set[int] | frozenset[int] = frozenset()) -> Order:
    """The order (its lines prefetched: `order_with_lines`) as it will read once every cancellation
    requested on it has taken effect; `confirmed`: the pks of lines whose cancellation was just
    confirmed (their rows in hand were read before).

    Partner Center answers a cancellation PATCH with that future state: lines whose cancellation was
    requested at quantity 0, the order `cancelled` when every line is. Nothing is saved, so reads keep
    showing the current state until the visibility delay has passed.
    """
    lines = list(order.lines.all())  # the prefetched rows the response is built from
    for line in lines:
        if line.cancel_requested_at is not None or line.pk in confirmed:
            line.status = LineStatus.CANCELLED
    if lines and all(line.status == LineStatus.CANCELLED for line in lines):
        order.status = OrderStatus.CANCELLED
    return order


def cart_get(*, partner, customer, cart_id) -> Cart:
    """One cart of the customer; 404 outside the partner and customer, or for a malformed id."""
    try:
        return (
            Cart.objects.select_related("customer", "order")
            .prefetch_related("lines")
            .get(partner=partner, customer=customer, cart_id=cart_id)
        )
    except (Cart.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound("No such cart.") from exc
