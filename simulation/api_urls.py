"""The simulation clock's API routes under /v1/."""

from django.urls import path

from simulation import api

urlpatterns = [
    path("simulation/clock", api.ClockView.as_view(), name="api-clock"),
    path("simulation/clock/advance", api.ClockAdvanceView.as_view(), name="api-clock-advance"),
    path("simulation/clock/freeze", api.ClockFreezeView.as_view(), name="api-clock-freeze"),
    path("simulation/clock/resume", api.ClockResumeView.as_view(), name="api-clock-resume"),
]
