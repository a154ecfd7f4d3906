"""The accounts app's API routes under /v1/: the activity log (audit records)."""

from django.urls import path

from accounts import audit_api

urlpatterns = [
    path("auditrecords", audit_api.AuditRecordListView.as_view(), name="api-auditrecords"),
]
