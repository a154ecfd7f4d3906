"""Back office: the catalog is edited here; orders and carts are read-only (they are created by services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from commerce.models import Availability, Cart, CartLine, Order, OrderLine, Price, Product, Sku
from partnercenter.admin_base import ReadOnlyAdmin


class SkuInline(admin.TabularInline):
    model = Sku
    extra = 0
    fields = ["sku_id", "title", "kind", "term_duration", "billing_cycle", "attributes"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["title", "product_id", "product_type", "publisher"]
    list_filter = ["product_type", "publisher"]
    search_fields = ["title", "product_id"]
    inlines = [SkuInline]


@admin.register(Sku)
class SkuAdmin(admin.ModelAdmin):
    list_display = ["title", "product", "sku_id", "kind", "term_duration", "billing_cycle"]
    list_filter = ["kind", "term_duration", "billing_cycle", "product__product_type"]
    search_fields = ["title", "sku_id", "product__title", "product__product_id"]
    list_select_related = ["product"]


class PriceInline(admin.TabularInline):
    model = Price
    extra = 0
    fields = ["market", "currency", "unit_price"]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["availability_id", "catalog_item", "sku_kind", "term"]
    list_filter = ["sku__kind", "sku__term_duration", "sku__product__product_type", "prices__market"]
    search_fields = ["availability_id", "sku__title", "sku__product__title", "sku__product__product_id"]
    list_select_related = ["sku__product"]
    autocomplete_fields = ["sku"]
    inlines = [PriceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    @admin.display(description=_("catalog item id"))
    def catalog_item(self, obj):
        return obj.catalog_item_id

    @admin.display(description=_("kind"), ordering="sku__kind")
    def sku_kind(self, obj):
        return obj.sku.get_kind_display()

    @admin.display(description=_("term"), ordering="sku__term_duration")
    def term(self, obj):
        return obj.sku.term_duration or "—"


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "line_number",
        "offer_id",
        "friendly_name",
        "quantity",
        "term_duration",
        "unit_price",
        "currency",
        "status",
        "cancel_requested_at",
        "cancelled_at",
    ]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["order_id", "alternate_id", "customer", "partner", "status", "currency", "created_at"]
    list_filter = ["status", "currency", "partner"]
    search_fields = ["order_id", "alternate_id", "customer__company_name", "customer__domain"]
    list_select_related = ["customer", "partner"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline]


class CartLineInline(ReadOnlyInline):
    model = CartLine
    fields = ["line_id", "catalog_item_id", "friendly_name", "quantity", "term_duration", "currency"]
    readonly_fields = fields


@admin.register(Cart)
class CartAdmin(ReadOnlyAdmin):
    list_display = ["cart_id", "customer", "partner", "status", "created_at", "expires_at", "order"]
    list_filter = ["status", "partner"]
    search_fields = ["cart_id", "customer__company_name", "order__order_id"]
    list_select_related = ["customer", "partner", "order"]
    inlines = [CartLineInline]
