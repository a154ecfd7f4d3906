"""Support pages, under /support/ (URL names in the `support` namespace)."""

from django.urls import path, re_path

from support import views, wizard_views

app_name = "support"
NUMBER = r"(?P<number>[0-9]{16})"
urlpatterns = [
    path("", views.request_list_view, name="list"),
    path("report/", views.report_problem_view, name="report_problem"),
    path("customers/<uuid:tenant_id>/", views.customer_requests_view, name="customer_requests"),
    path(
        "customers/<uuid:tenant_id>/reservations/<uuid:reservation_id>/new/",
        wizard_views.reservation_wizard_view,
        name="reservation_wizard",
    ),
    re_path(rf"^{NUMBER}/$", views.request_detail_view, name="detail"),
    re_path(rf"^{NUMBER}/attachments/(?P<attachment_id>[0-9]+)/$", views.attachment_view, name="attachment"),
]
