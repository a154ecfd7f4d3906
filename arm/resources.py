"""Full resource ids, URLs and ETags of the /azure route family.

A resource id is ARM's, relative to the management endpoint (`/providers/Microsoft.Capacity/...`); an Azure
client's base URL is `http://host/azure/{customer-tenant-id}`, so base URL + resource id is the resource's URL.
"""

import uuid
from urllib.parse import urlencode

from partnercenter.api.arm_errors import AZURE_PREFIX, ArmError

PROVIDER = "Microsoft.Capacity"


def provider_id(*segments) -> str:
    """`/providers/Microsoft.Capacity/<segments>`: e.g. provider_id("reservationOrders", order_id)."""
    return "/".join(["", "providers", PROVIDER, *(str(segment) for segment in segments)])


def operation_result_id(operation_id) -> str:
    return provider_id("operationResults", operation_id)


def arm_url(request, *, tenant_id, resource_id: str, api_version: str, **query) -> str:
    """The absolute URL of a resource under the caller's tenant, with api-version (as ARM's links carry it)."""
    path = f"{AZURE_PREFIX}{tenant_id}{resource_id}"
    return request.build_absolute_uri(path) + "?" + urlencode({"api-version": api_version, **query})


def parse_guid(value: str, *, code: str, what: str) -> uuid.UUID:
    """A GUID from the URL; anything else is 400 with ARM's code (e.g. InvalidReservationOrderId)."""
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise ArmError(400, code, f"The {what} '{str(value)[:64]}' is not a valid GUID.") from exc


def etag_header(version: int) -> str:
    """The HTTP ETag of a resource whose body carries ARM's integer `etag`."""
    return f'"{version}"'


def if_match_allows(if_match: str | None, version: int) -> bool:
    """RFC 9110's If-Match against a resource at `version`: no header or `*` allows; otherwise one of the
    listed ETags (quoted, weak `W/"n"` or bare) must be the current one."""
    if if_match is None or if_match.strip() == "*":
        return True
    current = str(version)
    for tag in if_match.split(","):
        tag = tag.strip()
        tag = tag[2:] if tag.startswith("W/") else tag
        if tag.strip('"') == current:
            return True
    return False
