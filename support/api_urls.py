from django.urls import path

from support import api

urlpatterns = [
    path("servicerequests", api.ServiceRequestListView.as_view(), name="api-servicerequests"),
    # Before "servicerequests/<id>": "supporttopics" is not a request id.
    path("servicerequests/supporttopics", api.SupportTopicListView.as_view(), name="api-supporttopics"),
    path("servicerequests/<str:id_or_locale>", api.ServiceRequestView.as_view(), name="api-servicerequest"),
    path(
        "customers/<uuid:customer_tenant_id>/servicerequests",
        api.CustomerServiceRequestListView.as_view(),
        name="api-customer-servicerequests",
    ),
]
