from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Partner, User, UserRole


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "mpn_id", "country", "billing_currency", "tenant_id", "created_at"]
    list_filter = ["country", "billing_currency"]
    search_fields = ["name", "mpn_id", "tenant_id"]
    readonly_fields = ["tenant_id", "created_at", "clock_offset", "clock_frozen_at"]


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "partner", "customer", "role_list", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "roles__role", "partner"]
    search_fields = ["username", "email", "partner__name", "customer__company_name"]
    list_select_related = ["partner", "customer"]
    autocomplete_fields = ["partner", "customer"]
    inlines = [UserRoleInline]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Partner Center"), {"fields": ("partner", "customer")}))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return ", ".join(sorted(r.get_role_display() for r in obj.roles.all()))
