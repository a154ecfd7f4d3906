from django.contrib import admin

from arm.models import AsyncOperation
from partnercenter.admin_base import ReadOnlyAdmin


@admin.register(AsyncOperation)
class AsyncOperationAdmin(ReadOnlyAdmin):
    list_display = ("operation_id", "partner", "tenant_id", "action", "resource_id", "status", "started_at")
    list_filter = ("status", "action", "partner")
    search_fields = ("operation_id", "resource_id", "tenant_id")
    list_select_related = ("partner",)
