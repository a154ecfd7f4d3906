from django.contrib import admin

from customers.models import Customer


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    """The operator may correct a customer's names, contact and address, never its identity or market.

    Domain and tenant id are the customer's identity in Partner Center (no rename); the market decides
    prices and the tax shown on orders already placed, so changing it by hand would rewrite history.
    """

    list_display = ["company_name", "domain", "market", "partner", "tenant_id", "created_at"]
    list_filter = ["market", "partner", "relationship_to_partner"]
    search_fields = ["company_name", "domain", "tenant_id", "email"]
    list_select_related = ["partner"]
    readonly_fields = ["tenant_id", "partner", "domain", "market", "created_at"]

    def has_add_permission(self, request):
        # Customers are created through the partner's dashboard or API, where the rules and audit live.
        return False
