"""Request ids on every API response, and JSON (never an HTML page) for any error under /v1/.

`MS-RequestId` and `MS-CorrelationId` are echoed, or generated when the client sent none; the
correlation id is put in `partnercenter.request_context` so audit records carry it. Input that no
view could refuse cleanly (a NUL in the query, control characters in the ids) is refused here, once
for every endpoint.
"""

import logging
import re
import uuid

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404

from partnercenter import request_context
from partnercenter.api.errors import json_error

logger = logging.getLogger(__name__)

API_PREFIXES = ("/v1/", "/oauth2/")
HEADER_LIMIT = 255
# What a request or correlation id may hold (the schema states the same pattern on every operation).
ID_PATTERN = "^[ -~]*$"
PRINTABLE_ASCII = re.compile(ID_PATTERN)


def _id_from(request, header: str) -> str | None:
    """The client's id (cut to HEADER_LIMIT), a new one when absent, None unless it is printable ASCII.

    The ids are stored (audit records, idempotency keys): a NUL byte would fail the database write.
    """
    value = request.headers.get(header, "").strip()
    if not value:
        return str(uuid.uuid4())
    return value[:HEADER_LIMIT] if PRINTABLE_ASCII.fullmatch(value) else None


def _refusal(request, request_id, correlation_id):
    """The error response for input no view could refuse cleanly, or None.

    A NUL in the query string would reach a database filter, which PostgreSQL cannot compare (JSON
    bodies are checked by `partnercenter.api.parsers.JSONParser`).
    """
    if request_id is None or correlation_id is None:
        return json_error(400, description="MS-RequestId and MS-CorrelationId must be printable ASCII text.")
    if any("\x00" in text for key, values in request.GET.lists() for text in (key, *values)):
        return json_error(400, description="The query string contains a NUL character.")
    return None


class ApiConventionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIXES):
            return self.get_response(request)
        request_id = _id_from(request, "MS-RequestId")
        correlation_id = _id_from(request, "MS-CorrelationId")
        response = _refusal(request, request_id, correlation_id)
        request_id, correlation_id = request_id or str(uuid.uuid4()), correlation_id or str(uuid.uuid4())
        if response is None:
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
