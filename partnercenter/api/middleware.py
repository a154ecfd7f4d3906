"""Request ids on every API response, and JSON (never an HTML page) for any error under /v1/.

`MS-RequestId` and `MS-CorrelationId` are echoed, or generated when the client sent none; the
correlation id is put in `partnercenter.request_context` so audit records carry it.
"""

import logging
import uuid

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404

from partnercenter import request_context
from partnercenter.api.errors import json_error

logger = logging.getLogger(__name__)

API_PREFIXES = ("/v1/", "/oauth2/")
HEADER_LIMIT = 255


def _id_from(request, header: str) -> str:
    value = request.headers.get(header, "").strip()
    return value[:HEADER_LIMIT] if value else str(uuid.uuid4())


class ApiConventionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIXES):
            return self.get_response(request)
        request_id = _id_from(request, "MS-RequestId")
        correlation_id = _id_from(request, "MS-CorrelationId")
        reset = request_context.correlation_id.set(correlation_id)
        try:
            response = self.get_response(request)
        finally:
            request_context.correlation_id.reset(reset)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            # Django's own 404/405/500 pages (URL not found, unhandled exception) become the error body.
            allow = response.get("Allow")
            response = json_error(response.status_code)
            if allow:
                response["Allow"] = allow
        response["MS-RequestId"] = request_id
        response["MS-CorrelationId"] = correlation_id
        return response

    def process_exception(self, request, exception):
        """An unhandled error in an API view: log it and answer 500 in JSON, even with DEBUG on."""
        if not request.path.startswith(API_PREFIXES) or isinstance(
            exception, Http404 | PermissionDenied | BadRequest | SuspiciousOperation
        ):
            return None  # Django answers these with their 4xx status; __call__ turns the page into JSON
        logger.exception("Unhandled error on %s %s", request.method, request.path, exc_info=exception)
        return json_error(500)
