"""Back office for refunds and exchanges: the ledger and quotes read-only, policy profiles and exchange rates
editable (a profile change goes through `refund_policy_set`, so it is audited like the API's)."""

from django.contrib import admin

from reservations.models import Exchange, ExchangeRate, Refund, RefundQuote, RefundSettings
from reservations.services.refunds import refund_policy_set


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = (
        "refunded_at",
        "customer",
        "reservation",
        "quantity",
        "amount",
        "currency",
        "amount_usd",
        "fee_amount",
        "policy_profile",
        "counts_toward_cap",
        "credited_at",
        "actor",
    )
    list_filter = ("policy_profile", "counts_toward_cap", "currency", "partner")
    search_fields = ("refund_id", "reservation__reservation_id", "customer__company_name", "quote__session_id")
    list_select_related = ("customer", "reservation")
    date_hierarchy = "refunded_at"


@admin.register(RefundQuote)
class RefundQuoteAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "kind",
        "customer",
        "refund_amount",
        "currency",
        "refund_amount_usd",
        "purchase_amount",
        "policy_profile",
        "expires_at",
        "used_at",
        "created_by",
    )
    list_filter = ("kind", "policy_profile", "partner")
    search_fields = ("session_id", "customer__company_name")
    list_select_related = ("customer",)


class RefundInline(admin.TabularInline):
    model = Refund
    fields = ("reservation", "quantity", "amount", "currency", "days_left", "unit_price_used", "price_basis")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Exchange)
class ExchangeAdmin(ReadOnlyAdmin):
    list_display = ("exchanged_at", "customer", "refunds_total", "purchases_total", "currency", "actor")
    list_filter = ("currency", "partner")
    search_fields = ("exchange_id", "customer__company_name", "quote__session_id")
    list_select_related = ("customer",)
    inlines = [RefundInline]

    def has_change_permission(self, request, obj=None):
        return obj is not None and request.method == "GET"


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "valid_from", "usd_per_unit")
    list_filter = ("currency",)
    ordering = ("currency", "-valid_from")


@admin.register(RefundSettings)
class RefundSettingsAdmin(admin.ModelAdmin):
    list_display = ("partner", "policy_profile")
    list_filter = ("policy_profile",)
    fields = ("partner", "policy_profile")

    def get_readonly_fields(self, request, obj=None):
        return ("partner",) if obj else ()

    def save_model(self, request, obj, form, change):
        saved = refund_policy_set(partner=obj.partner, actor=request.user, profile=obj.policy_profile)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False
