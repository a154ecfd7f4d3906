"""The platform's own API routes under /v1/: audit records and the simulation clock."""

from django.urls import path

from partnercenter import api_views as api

urlpatterns = [
    path("auditrecords", api.AuditRecordListView.as_view(), name="api-auditrecords"),
    path("simulation/clock", api.ClockView.as_view(), name="api-clock"),
    path("simulation/clock/advance", api.ClockAdvanceView.as_view(), name="api-clock-advance"),
    path("simulation/clock/freeze", api.ClockFreezeView.as_view(), name="api-clock-freeze"),
    path("simulation/clock/resume", api.ClockResumeView.as_view(), name="api-clock-resume"),
]
