"""The platform's own API routes under /v1/: audit records and the simulation clock."""

urlpatterns = []
