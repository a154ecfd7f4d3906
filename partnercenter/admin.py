"""Back office for platform tables: audit records and idempotency answers are read-only, effects inspectable
and, once given up, retryable."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnercenter import scheduler
from partnercenter.admin_base import ReadOnlyAdmin
from partnercenter.models import AuditRecord, IdempotencyRecord, ScheduledEffect


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "operation_date",
        "partner",
        "operation_type",
        "resource_type",
        "customer_name",
        "actor",
        "operation_status",
    ]
    list_filter = ["operation_type", "resource_type", "operation_status", "partner"]
    search_fields = ["customer_name", "customer_id", "user_principal_name", "application_id", "original_correlation_id"]
    list_select_related = ["partner"]
    date_hierarchy = "operation_date"

    @admin.display(description=_("user or application"))
    def actor(self, obj):
        return obj.user_principal_name or obj.application_id


class PendingFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("Pending")), ("done", _("Done"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(done_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(ScheduledEffect)
class ScheduledEffectAdmin(ReadOnlyAdmin):
    list_display = ["kind", "target", "partner", "due_at", "done_at", "attempts", "last_error_short"]
    list_filter = [PendingFilter, "kind", "partner"]
    search_fields = ["target", "kind", "last_error"]
    list_select_related = ["partner"]
    actions = ["retry_given_up"]

    @admin.display(description=_("last error"))
    def last_error_short(self, obj):
        return obj.last_error[:80]

    def has_retry_permission(self, request) -> bool:
        # The rows stay read-only in forms; resetting a given-up effect is a change, so it needs that right.
        return request.user.has_perm("partnercenter.change_scheduledeffect")

    @admin.action(description=_("Retry given-up effects"), permissions=["retry"])
    def retry_given_up(self, request, queryset):
        count = scheduler.effects_retry(effect_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d given-up effect will run at the next sweep.",
                "%(count)d given-up effects will run at the next sweep.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "partner", "method", "path", "key", "response_status"]
    list_filter = ["method", "response_status", "partner"]
    search_fields = ["key", "path"]
    list_select_related = ["partner"]
    exclude = ["response_body"]
