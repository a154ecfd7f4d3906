"""The project's routes plus the framework floor, for the benchmark settings only."""

from django.urls import path

from bench import floor
from partnercenter.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("bench/floor/<slug:name>", floor.floor_view, name="bench-floor"),
    *project_urlpatterns,
]
