"""Back office for software: purchases (read-only, cancel through the one service), links, policy.

Product keys are never shown: the admin only says whether a purchase has keys and whether they are
revoked. Actions call services, never write rows themselves.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnercenter.admin_base import ReadOnlyAdmin
from partnercenter.errors import DomainError
from software import services
from software.models import DownloadLink, SoftwarePurchase, SoftwareSettings


@admin.register(SoftwarePurchase)
class SoftwarePurchaseAdmin(ReadOnlyAdmin):
    list_display = ("sku_title", "customer", "partner", "order_id", "purchased_at", "status", "keys")
    list_filter = ("status", "sku_kind", "partner")
    search_fields = ("sku_title", "customer__company_name", "order_line__order__order_id")
    list_select_related = ("customer", "partner", "order_line__order")
    exclude = ("versions", "languages", "bitnesses")
    actions = ["cancel_purchases"]

    @admin.display(description=_("order id"))
    def order_id(self, purchase):
        return purchase.order_line.order.order_id

    @admin.display(description=_("product keys"))
    def keys(self, purchase):
        return _("revoked") if purchase.is_cancelled else _("protected")

    def has_change_permission(self, request, obj=None):
        # Needed for the changelist action; every field stays read-only.
        return request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name not in self.exclude]

    @admin.action(description=_("Cancel selected purchases (as Microsoft support)"))
    def cancel_purchases(self, request, queryset):
        done = 0
        for purchase in queryset.select_related("order_line__order"):
            line = purchase.order_line
            try:
                services.purchase_cancel(order=line.order, lines=[line], actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{line.order.order_id}: {error.description}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request, ngettext("%d cancellation submitted.", "%d cancellations submitted.", done) % done
            )


@admin.register(DownloadLink)
class DownloadLinkAdmin(ReadOnlyAdmin):
    list_display = (
        "purchase",
        "version",
        "language",
        "bitness",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    list_select_related = ("purchase__order_line__order",)
    exclude = ("token_hash",)
    actions = ["revoke_links"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "token_hash"]

    @admin.action(description=_("Revoke selected download links"))
    def revoke_links(self, request, queryset):
        revoked = services.download_links_revoke(links=list(queryset))
        self.message_user(request, ngettext("%d link revoked.", "%d links revoked.", revoked) % revoked)


@admin.register(SoftwareSettings)
class SoftwareSettingsAdmin(admin.ModelAdmin):
    list_display = ("partner", "cancellation_policy")
    list_filter = ("cancellation_policy",)
