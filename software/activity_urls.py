"""The software activity log at /activity-log/, reached as in Partner Center: gear menu (top right) → Activity log."""

from django.urls import path

from software import activity_views

app_name = "activity_log"
urlpatterns = [
    path("", activity_views.activity_log_view, name="list"),
    path("export.csv", activity_views.activity_log_csv_view, name="csv"),
]
