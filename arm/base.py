"""The base of every /azure view: bearer auth, api-version, capability, throttling, then the customer tenant.

ARM's order of checks: a request without a valid token is 401 whatever else is wrong; then a missing or
unsupported api-version is 400; then the caller's rights (403 AuthorizationFailed, worded as ARM words it);
then the customer tenant of the URL, which must be one of the caller's partner's customers (404 otherwise,
nothing said about whether it exists elsewhere). Views read `self.customer` and `self.api_version`.
"""

from django.conf import settings
from rest_framework import exceptions
from rest_framework.response import Response

from accounts.api_base import PartnerAPIView
from arm.resources import arm_url, operation_result_id
from arm.versioning import api_version_of
from customers.selectors import customer_get
from partnercenter.api.arm_errors import AZURE_PREFIX, ArmError
from partnercenter.errors import NotFound


class ArmAPIView(PartnerAPIView):
    # ARM's action per HTTP method (e.g. Microsoft.Capacity/reservationOrders/read), named in AuthorizationFailed.
    actions: dict[str, str] = {}
    api_version = ""
    customer = None

    def check_permissions(self, request):
        if getattr(request.user, "is_authenticated", False):
            self.api_version = api_version_of(request)
        super().check_permissions(request)

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated()
        raise self.authorization_failed()

    def authorization_failed(self) -> ArmError:
        """403 naming the principal, the action and the scope, as ARM does."""
        request = self.request
        scope = request.path.removeprefix(f"{AZURE_PREFIX}{self.kwargs['customer_tenant_id']}")
        return ArmError(
            403,
            "AuthorizationFailed",
            f"The client '{request.user.get_username()}' does not have authorization to perform action "
            f"'{self.actions.get(request.method, '')}' over scope '{scope}' or the scope is invalid.",
        )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        tenant_id = kwargs["customer_tenant_id"]
        try:
            self.customer = customer_get(partner=self.partner, tenant_id=tenant_id)
        except NotFound as exc:
            raise ArmError(404, "InvalidTenantId", f"The customer tenant '{tenant_id}' was not found.") from exc

    def url_of(self, resource_id: str) -> str:
        """The absolute URL of a resource under this request's tenant and api-version."""
        return arm_url(
            self.request, tenant_id=self.customer.tenant_id, resource_id=resource_id, api_version=self.api_version
        )

    def accepted(self, operation, *, location: str, body=None) -> Response:
        """ARM's 202 for a long-running operation: poll Azure-AsyncOperation, read the result at Location."""
        headers = {
            "Azure-AsyncOperation": self.url_of(operation_result_id(operation.operation_id)),
            "Location": self.url_of(location),
            "Retry-After": str(settings.AZURE_API_RETRY_AFTER),
        }
        return Response(body, status=202, headers=headers)
