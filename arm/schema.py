"""OpenAPI pieces of the /azure route family, published apart from /v1 at /azure/openapi.json.

Two documents from one URL tree: preprocessing hooks split the endpoints by path prefix, so /v1's
contract never lists an Azure route and Azure's never lists a Partner Center one.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from arm.serializers import ErrorSerializer
from arm.versioning import API_VERSIONS
from partnercenter.api.arm_errors import AZURE_PREFIX

API_VERSION_PARAMETER = OpenApiParameter(
    "api-version",
    str,
    required=True,
    enum=list(API_VERSIONS),
    description="ARM's API version; without it 400 MissingApiVersionParameter, another 400 InvalidApiVersionParameter.",
)

ERROR_DESCRIPTIONS = {
    400: "Missing or unsupported api-version, malformed body or id, or a rule refused the request.",
    401: "Missing, wrong, expired or revoked access token (AuthenticationFailed, InvalidAuthenticationToken).",
    403: "The caller may not perform this action on this scope (AuthorizationFailed).",
    404: "No such resource in this customer tenant, or a tenant that is not the caller's customer.",
    409: "The resource already exists with other properties.",
    412: "If-Match names an etag that is not the resource's current one (PreconditionFailed).",
    429: "Rate limit exceeded; see Retry-After.",
}


def arm_errors(*statuses: int) -> dict:
    """`{status: ARM error response}` to spread into `responses=`."""
    return {status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status]) for status in statuses}


def azure_endpoints_only(endpoints):
    """Preprocessing hook of /azure/openapi.json."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(AZURE_PREFIX)]


def without_azure_endpoints(endpoints):
    """Preprocessing hook of /v1/openapi.json."""
    return [endpoint for endpoint in endpoints if not endpoint[0].startswith(AZURE_PREFIX)]


AZURE_SCHEMA_SETTINGS = {
    "TITLE": "Partner Center Simulator: Azure reservations API",
    "DESCRIPTION": (
        "Azure's Microsoft.Capacity reservation operations (api-version 2022-11-01) for a partner's customers, "
        "with Azure Resource Manager's conventions: full resource ids, api-version, nextLink paging, "
        "long-running operations (202 with Azure-AsyncOperation and Location) and the error envelope "
        '{"error": {"code", "message"}}. Point an Azure SDK at http://host/azure/{customerTenantId} and use a '
        "bearer token from /oauth2/token."
    ),
    "PREPROCESSING_HOOKS": ["arm.schema.azure_endpoints_only"],
    # Input and output serializers are separate classes, so one component per class, named as Azure names them
    # (PurchaseRequest, Patch); a PATCH body states its required fields like any other.
    "COMPONENT_SPLIT_REQUEST": False,
    "COMPONENT_SPLIT_PATCH": False,
}
