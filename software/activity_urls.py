"""The software activity log, mounted at /activity-log/ (Partner Center: gear → Activity log)."""

from django.urls import path

from software import activity_views

app_name = "activity_log"
urlpatterns = [
    path("", activity_views.activity_log_view, name="list"),
    path("export.csv", activity_views.activity_log_csv_view, name="csv"),
]
