"""ARM's request headers and JSON errors for every response under /azure/.

Each response carries `x-ms-request-id` (new), `x-ms-correlation-request-id` (the client's, else new; audit
records carry it) and echoes `x-ms-client-request-id` (Azure's SDKs send one). Django's own error pages (no
such URL, an unhandled exception) become ARM's error envelope, so a client never parses HTML.
"""

import logging
import uuid

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404

from partnercenter import request_context
from partnercenter.api.arm_errors import AZURE_PREFIX, arm_json_error

logger = logging.getLogger(__name__)

HEADER_LIMIT = 255


def _client_value(request, header: str) -> str | None:
    value = request.headers.get(header, "").strip()[:HEADER_LIMIT]
    return value if value and value.isprintable() else None


class ArmConventionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(AZURE_PREFIX):
            return self.get_response(request)
        correlation_id = _client_value(request, "x-ms-correlation-request-id") or str(uuid.uuid4())
        if any("\x00" in text for key, values in request.GET.lists() for text in (key, *values)):
            response = arm_json_error(400, "BadRequest", "The query string contains a NUL character.")
        else:
            reset = request_context.correlation_id.set(correlation_id)
            try:
                response = self.get_response(request)
            finally:
                request_context.correlation_id.reset(reset)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            allow = response.get("Allow")
            response = arm_json_error(response.status_code)
            if allow:
                response["Allow"] = allow
        response["x-ms-request-id"] = str(uuid.uuid4())
        response["x-ms-correlation-request-id"] = correlation_id
        client_request_id = _client_value(request, "x-ms-client-request-id")
        if client_request_id:
            response["x-ms-client-request-id"] = client_request_id
        return response

    def process_exception(self, request, exception):
        """An unhandled error in an Azure route: log it and answer ARM's 500, even with DEBUG on."""
        if not request.path.startswith(AZURE_PREFIX) or isinstance(
            exception, Http404 | PermissionDenied | BadRequest | SuspiciousOperation
        ):
            return None
        logger.exception("Unhandled error on %s %s", request.method, request.path, exc_info=exception)
        return arm_json_error(500)
