from django.urls import path

from billing import views

app_name = "billing"
urlpatterns = [
    path("", views.invoice_list_view, name="list"),
    path("invoices/<int:pk>/", views.invoice_detail_view, name="detail"),
    path("invoices/<int:pk>/lines.csv", views.invoice_lines_csv_view, name="lines_csv"),
]
