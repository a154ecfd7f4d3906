"""The catalog (product → SKU → availability → price per market) and orders with their lines.

Fulfilment and cancellation of a line belong to the app that owns the product type (software,
reservations), reached through `commerce.fulfilment`; commerce itself never imports those apps.
"""

import secrets
import string
import uuid
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from commerce.tax import TaxSplit, tax_split
from partnercenter.money import round_money


class ProductType(models.TextChoices):
    SOFTWARE = "software", _("Software")
    RESERVATION = "reservation", _("Azure reservation")
    AZURE_PLAN = "azure_plan", _("Azure plan")


class SkuKind(models.TextChoices):
    PERPETUAL = "perpetual", _("Perpetual licence")
    SUBSCRIPTION = "subscription", _("Software subscription")
    SOFTWARE_PLAN = "software_plan", _("Software plan")
    RESERVATION = "reservation", _("Reservation")


class BillingCycle(models.TextChoices):
    ONE_TIME = "one_time", _("One time")
    MONTHLY = "monthly", _("Monthly")
    ANNUAL = "annual", _("Annual")


class Product(models.Model):
    product_id = models.CharField(_("product id"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    product_type = models.CharField(_("product type"), max_length=20, choices=ProductType.choices)
    publisher = models.CharField(_("publisher"), max_length=100, default="Microsoft Corporation")

    class Meta:
        ordering = ["title"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.title


class Sku(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="skus")
    sku_id = models.CharField(_("SKU id"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SkuKind.choices)
    term_duration = models.CharField(
        _("term"), max_length=5, blank=True, help_text=_("ISO 8601 term such as P1Y or P3Y; empty for perpetual.")
    )
    billing_cycle = models.CharField(
        _("billing cycle"), max_length=10, choices=BillingCycle.choices, default=BillingCycle.ONE_TIME
    )
    attributes = models.JSONField(
        _("attributes"), default=dict, blank=True, help_text=_("Type-specific data (versions, languages, ...).")
    )

    class Meta:
        ordering = ["product", "sku_id"]
        constraints = [models.UniqueConstraint(fields=["product", "sku_id"], name="unique_sku_per_product")]
        verbose_name = _("SKU")
        verbose_name_plural = _("SKUs")

    def __str__(self) -> str:
        return self.title

    @property
    def supported_billing_cycles(self) -> list[str]:
        """The cycles a buyer may choose (reservations: one_time or monthly); the first is the default."""
        return list(self.attributes.get("supportedBillingCycles") or [self.billing_cycle])


class Availability(models.Model):
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="availabilities")
    availability_id = models.CharField(_("availability id"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")

    def __str__(self) -> str:
        return self.catalog_item_id

    @property
    def catalog_item_id(self) -> str:
        return f"{self.sku.product.product_id}:{self.sku.sku_id}:{self.availability_id}"


class Price(models.Model):
    """The price of an availability in one market, in that market's currency (tax rule: commerce.tax)."""

    availability = models.ForeignKey(Availability, on_delete=models.CASCADE, related_name="prices")
    market = models.CharField(_("market"), max_length=2)
    currency = models.CharField(_("currency"), max_length=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["availability", "market"], name="one_price_per_market"),
            models.CheckConstraint(condition=models.Q(unit_price__gte=0), name="price_not_negative"),
        ]
        verbose_name = _("price")
        verbose_name_plural = _("prices")

    def __str__(self) -> str:
        return f"{self.availability} {self.market} {self.unit_price} {self.currency}"


def new_order_id() -> str:
    """Partner Center's opaque order id: 33 url-safe characters, the first a letter or a digit.

    Never a leading `-` (nor `+`, `=`, `@`): a spreadsheet would read the id as a formula, and the CSV
    export's formula guard would then have to change a system id.
    """
    alphabet = string.ascii_letters + string.digits + "_-"
    first = secrets.choice(string.ascii_letters + string.digits)
    return first + "".join(secrets.choice(alphabet) for _ in range(32))


def new_alternate_id() -> str:
    return secrets.token_hex(6)


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="orders")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="orders")
    order_id = models.CharField(_("order id"), max_length=40, unique=True, default=new_order_id, editable=False)
    alternate_id = models.CharField(_("alternate id"), max_length=12, default=new_alternate_id, editable=False)
    billing_cycle = models.CharField(
        _("billing cycle"), max_length=10, choices=BillingCycle.choices, default=BillingCycle.ONE_TIME
    )
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.COMPLETED)
    created_at = models.DateTimeField(_("created at"), help_text=_("In the partner's clock."))
    created_by = models.CharField(_("created by"), max_length=254, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["partner", "customer", "created_at"])]

    def __str__(self) -> str:
        return self.order_id

    def totals(self) -> TaxSplit:
        """Subtotal, tax and total of what the order charged, split line by line as the invoice does.

        Uses the prefetched lines and the customer's market (commerce.tax: AU and BR include tax).
        """
        splits = [
            tax_split(amount=line.amount, market=str(self.customer.market), currency=self.currency)
            for line in self.lines.all()
        ]
        zero = round_money(Decimal(0), self.currency)
        return TaxSplit(
            subtotal=sum((s.subtotal for s in splits), zero),
            tax=sum((s.tax for s in splits), zero),
            total=sum((s.total for s in splits), zero),
        )


class LineStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CANCELLED = "cancelled", _("Cancelled")


class OrderLine(models.Model):
    """One line of an order. A cancellation is requested at once but takes effect later (visibility delay)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="lines")
    line_number = models.PositiveIntegerField(_("line number"))
    availability = models.ForeignKey(Availability, on_delete=models.PROTECT, related_name="order_lines")
    offer_id = models.CharField(_("offer id"), max_length=80, help_text=_("The catalog item id."))
    friendly_name = models.CharField(_("product"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    term_duration = models.CharField(_("term"), max_length=5, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3)
    provisioning_context = models.JSONField(
        _("provisioning context"),
        default=dict,
        blank=True,
        help_text=_("What the product's owner needs to fulfil the line (Azure reservations: subscriptionId, scope)."),
    )
    status = models.CharField(_("status"), max_length=12, choices=LineStatus.choices, default=LineStatus.ACTIVE)
    cancel_requested_at = models.DateTimeField(_("cancellation requested at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["order", "line_number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "line_number"], name="unique_line_number_per_order"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="line_quantity_positive"),
        ]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.order.order_id}#{self.line_number} {self.friendly_name}"

    @property
    def visible_quantity(self) -> int:
        """What Partner Center shows: 0 once a cancellation has taken effect."""
        return 0 if self.status == LineStatus.CANCELLED else self.quantity

    @property
    def amount(self) -> Decimal:
        """What the line was charged before the tax rule: unit price × quantity bought."""
        return round_money(self.unit_price * self.quantity, self.currency)


class CartStatus(models.TextChoices):
    ACTIVE = "Active", _("Active")
    ORDERED = "Ordered", _("Ordered")


class Cart(models.Model):
    """A customer's cart: lines priced at checkout; it expires a quarter of an hour after creation."""

    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="carts")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="carts")
    cart_id = models.UUIDField(_("cart id"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=CartStatus.choices, default=CartStatus.ACTIVE)
    created_at = models.DateTimeField(_("created at"), help_text=_("In the partner's clock."))
    last_modified_at = models.DateTimeField(_("last modified at"))
    expires_at = models.DateTimeField(_("expires at"), help_text=_("In the partner's clock."))
    created_by = models.CharField(_("created by"), max_length=254, blank=True)
    order = models.OneToOneField(
        Order, verbose_name=_("order"), null=True, blank=True, on_delete=models.PROTECT, related_name="cart"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="Active", order__isnull=True)
                | models.Q(status="Ordered", order__isnull=False),
                name="ordered_cart_has_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.cart_id)


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    line_id = models.PositiveIntegerField(_("line id"))
    availability = models.ForeignKey(Availability, on_delete=models.PROTECT, related_name="cart_lines")
    catalog_item_id = models.CharField(_("catalog item id"), max_length=80)
    friendly_name = models.CharField(_("product"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    term_duration = models.CharField(_("term"), max_length=5, blank=True)
    billing_cycle = models.CharField(_("billing cycle"), max_length=10, choices=BillingCycle.choices)
    currency = models.CharField(_("currency"), max_length=3)
    provisioning_context = models.JSONField(_("provisioning context"), default=dict, blank=True)

    class Meta:
        ordering = ["cart", "line_id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "line_id"], name="unique_line_id_per_cart"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="cart_line_quantity_positive"),
        ]
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")

    def __str__(self) -> str:
        return f"{self.cart_id}#{self.line_id} {self.friendly_name}"
