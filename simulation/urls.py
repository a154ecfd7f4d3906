from django.urls import path

from simulation import views

app_name = "simulation"
urlpatterns = [
    path("clock/", views.clock_view, name="clock"),
]
