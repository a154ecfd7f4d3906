"""Back office view of the ledger: read-only, because issued invoices and lines are never edited."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, InvoiceLine
from partnercenter.admin_base import ReadOnlyAdmin


class BillingPeriodFilter(admin.SimpleListFilter):
    """The billing periods (calendar months) that exist, newest first.

    Django's date filter offers "today" and "this month" of the wall clock, which say nothing about
    a partner clock years ahead; a period is what the operator looks an invoice up by.
    """

    title = _("billing period")
    parameter_name = "period"
    field = "billing_period_start"
    LIMIT = 36

    def lookups(self, request, model_admin):
        starts = Invoice.objects.order_by("-billing_period_start").values_list("billing_period_start", flat=True)
        return [(start.strftime("%Y-%m"), start.strftime("%Y-%m")) for start in starts.distinct()[: self.LIMIT]]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(part) for part in self.value().split("-"))
        except ValueError:
            return queryset.none()
        return queryset.filter(**{f"{self.field}__year": year, f"{self.field}__month": month})


class LineBillingPeriodFilter(BillingPeriodFilter):
    field = "invoice__billing_period_start"


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "partner", "billing_period_start", "currency", "status", "issued_at", "lines_link"]
    list_filter = ["status", "currency", BillingPeriodFilter, "partner"]
    search_fields = ["number", "partner__name", "partner__mpn_id", "lines__order_id", "lines__customer_name"]
    list_select_related = ["partner"]
    date_hierarchy = "billing_period_start"

    @admin.display(description=_("lines"))
    def lines_link(self, invoice):
        url = reverse("admin:billing_invoiceline_changelist") + f"?invoice__id__exact={invoice.pk}"
        return format_html('<a href="{}">{}</a>', url, _("View lines"))


@admin.register(InvoiceLine)
class InvoiceLineAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "invoice",
        "customer_name",
        "order_id",
        "product_name",
        "charge_type",
        "quantity",
        "unit_price",
        "subtotal",
        "tax",
        "total",
        "currency",
        "charged_at",
    ]
    list_filter = [
        "charge_type",
        "kind",
        "invoice__status",
        LineBillingPeriodFilter,
        ("customer", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["invoice__number", "order_id", "customer_name", "customer_domain", "source"]
    list_select_related = ["invoice"]
    date_hierarchy = "charged_at"
