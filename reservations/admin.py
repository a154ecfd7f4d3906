"""Back office for Azure plans and reservations: read-only rows (services write them), actions through services.

"Buy Azure reservation" (on the reservation orders list) buys for a customer through the same purchase
service as the page, Partner Center's orders and Azure's PUT; its refusals are shown on the form.

Utilization, payments and state history are ledgers of what happened: they can be looked at, never
edited. Auto-renew and role removals go through the same services as the pages and the API, with
the operator acting as Microsoft support.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from partnercenter.admin_base import ReadOnlyAdmin
from partnercenter.errors import DomainError
from reservations import services
from reservations.admin_forms import ReservationBuyForm
from reservations.models import (
    AzurePlan,
    AzureSubscription,
    Instalment,
    Reservation,
    ReservationOrder,
    ReservationRoleAssignment,
    ReservationStateChange,
    UtilizationDay,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AzureSubscriptionInline(ReadOnlyInline):
    model = AzureSubscription
    fields = ("friendly_name", "subscription_id", "status", "created_at")
    readonly_fields = fields


@admin.register(AzurePlan)
class AzurePlanAdmin(ReadOnlyAdmin):
    list_display = ("customer", "partner", "subscription_id", "status", "created_at")
    list_filter = ("status", "partner")
    search_fields = ("customer__company_name", "subscription_id")
    list_select_related = ("customer", "partner")
    inlines = [AzureSubscriptionInline]


@admin.register(AzureSubscription)
class AzureSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ("friendly_name", "subscription_id", "customer", "partner", "status", "created_at")
    list_filter = ("status", "partner")
    search_fields = ("friendly_name", "subscription_id", "customer__company_name")
    list_select_related = ("customer", "partner")


class ReservationInline(ReadOnlyInline):
    model = Reservation
    fields = ("display_name", "sku_name", "location", "quantity", "applied_scope_type", "provisioning_state")
    readonly_fields = fields


@admin.register(ReservationOrder)
class ReservationOrderAdmin(ReadOnlyAdmin):
    list_display = (
        "display_name",
        "reservation_order_id",
        "customer",
        "partner",
        "term",
        "billing_plan",
        "purchased_at",
        "expires_at",
    )
    list_filter = ("term", "billing_plan", "partner")
    search_fields = ("display_name", "reservation_order_id", "customer__company_name")
    list_select_related = ("customer", "partner")
    date_hierarchy = "purchased_at"
    inlines = [ReservationInline]
    change_list_template = "admin/reservations/reservationorder/change_list.html"

    def get_urls(self):
        buy = path("buy/", self.admin_site.admin_view(self.buy_view), name="reservations_reservationorder_buy")
        return [buy, *super().get_urls()]

    def buy_view(self, request):
        """Buy an Azure reservation for a customer, acting as Microsoft support."""
        form = ReservationBuyForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                order = services.reservation_purchase(actor=request.user, **form.purchase_arguments())
            except DomainError as error:
                form.refusal_shown(error)
            else:
                self.message_user(
                    request,
                    gettext("Reservation order %(id)s bought for %(customer)s.")
                    % {"id": order.reservation_order_id, "customer": order.customer},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:reservations_reservationorder_change", args=[order.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Buy Azure reservation"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reservations/reservationorder/buy.html", context)


class StateChangeInline(ReadOnlyInline):
    model = ReservationStateChange
    fields = ("old_state", "new_state", "at", "actor", "reason")
    readonly_fields = fields
    show_change_link = False


class InstalmentInline(ReadOnlyInline):
    model = Instalment
    fields = ("sequence", "due_at", "amount", "currency", "charge_source")
    readonly_fields = fields
    show_change_link = False


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = (
        "display_name",
        "reservation_id",
        "customer",
        "reserved_resource_type",
        "sku_name",
        "location",
        "quantity",
        "applied_scope_type",
        "renew",
        "provisioning_state",
    )
    list_filter = ("provisioning_state", "reserved_resource_type", "applied_scope_type", "renew", "partner")
    search_fields = ("display_name", "reservation_id", "order__reservation_order_id", "customer__company_name")
    list_select_related = ("customer", "order")
    inlines = [StateChangeInline, InstalmentInline]
    actions = ["renew_on", "renew_off"]

    def has_change_permission(self, request, obj=None):
        # Needed for the changelist actions; every field stays read-only.
        return request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def _set_renew(self, request, queryset, renew: bool) -> None:
        done = 0
        for reservation in queryset.select_related("partner", "customer", "order"):
            try:
                services.reservation_update(reservation=reservation, actor=request.user, renew=renew)
            except DomainError as error:
                self.message_user(request, f"{reservation.display_name}: {error.description}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, ngettext("%d reservation updated.", "%d reservations updated.", done) % done)

    @admin.action(description=_("Turn auto-renew on"))
    def renew_on(self, request, queryset):
        self._set_renew(request, queryset, True)

    @admin.action(description=_("Turn auto-renew off"))
    def renew_off(self, request, queryset):
        self._set_renew(request, queryset, False)


@admin.register(ReservationRoleAssignment)
class ReservationRoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("reservation", "user", "role", "created_at", "created_by")
    list_filter = ("role",)
    search_fields = ("user__username", "reservation__display_name", "reservation__reservation_id")
    list_select_related = ("reservation", "user")
    actions = ["remove_assignments"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.action(description=_("Remove selected role assignments"))
    def remove_assignments(self, request, queryset):
        removed = 0
        for assignment in queryset.select_related("reservation__partner", "reservation__customer"):
            services.role_assignment_remove(
                reservation=assignment.reservation, actor=request.user, assignment_id=assignment.assignment_id
            )
            removed += 1
        self.message_user(request, ngettext("%d assignment removed.", "%d assignments removed.", removed) % removed)


@admin.register(UtilizationDay)
class UtilizationDayAdmin(ReadOnlyAdmin):
    list_display = ("reservation", "day", "utilization_percent", "used_hours", "reserved_hours")
    list_filter = ("day",)
    search_fields = ("reservation__display_name", "reservation__reservation_id")
    list_select_related = ("reservation",)
    date_hierarchy = "day"
    show_full_result_count = False
