"""The one API error handler: every refusal in the envelope of its route family.

Services raise a `partnercenter.errors.DomainError` (views raise its `ApiError` subclass for input
they refuse themselves); DRF's own refusals (authentication, validation, throttling, 404, 405) and
Django's are turned into the same shape here, so an integrator parses one format whatever went wrong.
The envelope is chosen by the request path, never by the view: Partner Center's
`{code, description, errorName, data, source}` everywhere, Azure's `{"error": {"code", "message"}}`
under AZURE_PREFIX.
"""

import math
import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from partnercenter.errors import DomainError

SOURCE = "PartnerCenterSimulator"
AZURE_PREFIX = "/azure/"

# (code, errorName, description) per HTTP status, from Partner Center's error-code table where it has one.
STATUS_DEFAULTS: dict[int, tuple[int, str, str]] = {
    400: (800002, "InvalidRequestInput", "Invalid request input."),
    401: (400, "AccessDenied", "Access denied."),
    403: (403, "Forbidden", "Your role does not allow this operation."),
    404: (1000, "NotFound", "Not found."),
    405: (405, "MethodNotAllowed", "Method not allowed."),
    406: (406, "NotAcceptable", "Not acceptable."),
    409: (409, "Conflict", "The request conflicts with another request."),
    412: (412, "PreconditionFailed", "Precondition failed."),
    415: (415, "UnsupportedMediaType", "Unsupported media type."),
    429: (429, "TooManyRequests", "Rate limit is exceeded."),
    500: (500, "InternalServerError", "An internal error occurred."),
}
INVALID_PROPERTY = 3000


class ApiError(DomainError):
    """A refusal of request input by an API view itself, with Partner Center's code."""

    def __init__(self, status: int, code: int, description: str, error_name: str = "", data: list | None = None):
        default_name = STATUS_DEFAULTS.get(status, STATUS_DEFAULTS[500])[1]
        super().__init__(code, description, status=status, error_name=error_name or default_name, data=data)


def error_body(*, status: int, code: int | None = None, description: str = "", error_name: str = "", data=None):
    default_code, default_name, default_description = STATUS_DEFAULTS.get(status, STATUS_DEFAULTS[500])
    return {
        "code": default_code if code is None else code,
        "description": (description or default_description)[:1024],
        "errorName": error_name or default_name,
        "data": data or [],
        "source": SOURCE,
    }


def json_error(status: int, **fields) -> JsonResponse:
    """A plain Django response with the error body, for code outside DRF (middleware, token endpoint)."""
    return JsonResponse(error_body(status=status, **fields), status=status)


def _camel(name: str) -> str:
    head, *rest = str(name).split("_")
    return head + "".join(part.title() for part in rest)


def field_errors(detail, prefix: str = "") -> list[dict]:
    """Flatten DRF/Django error details into [{"field": "billingProfile.email", "message": ...}]."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            field = "" if key in ("non_field_errors", "__all__") else _camel(key)
            items += field_errors(value, f"{prefix}.{field}".strip(".") if field else prefix)
        return items
    if isinstance(detail, list | tuple):
        items = []
        for value in detail:
            items += field_errors(value, prefix)
        return items
    return [{"field": prefix, "message": str(detail)}]


def _django_validation_data(error: DjangoValidationError, field_paths: dict[str, str]) -> list[dict]:
    """A service's field errors, each at the request body's path (the view's `field_paths`, else camelCase)."""
    if hasattr(error, "error_dict"):
        return [
            {"field": field_paths.get(field) or _camel_path(field), "message": str(message)}
            for field, errors in error.error_dict.items()
            for each in errors
            for message in each.messages
        ]
    return field_errors(list(error.messages))


def _camel_path(field: str) -> str:
    return "" if field in ("non_field_errors", "__all__") else _camel(field)


def _describe(data: list[dict], fallback: str) -> str:
    if not data:
        return fallback
    return "; ".join(f"{d['field']}: {d['message']}" if d["field"] else d["message"] for d in data)


def _parse_error_description(exc: exceptions.ParseError) -> str:
    # DRF's message carries the JSON decoder's position; keep it, it helps the integrator.
    return re.sub(r"\s+", " ", str(exc.detail))


def azure_body(body: dict) -> dict:
    """Azure Resource Manager's error envelope for a Partner Center body: errorName is ARM's code."""
    return {"error": {"code": body["errorName"], "message": body["description"]}}


def _respond(request, body: dict, status_code: int, headers: dict | None = None) -> Response:
    if request is not None and request.path.startswith(AZURE_PREFIX):
        body = azure_body(body)
    return Response(body, status=status_code, headers=headers)


def exception_handler(exc, context) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every refusal in its route family's envelope; unknown errors stay 500s."""
    request = context.get("request")
    if isinstance(exc, DomainError):
        error_name = exc.error_name
        if request is not None and request.path.startswith(AZURE_PREFIX):
            error_name = getattr(exc, "azure_code", "") or error_name  # ARM's ErrorResponseCode where it differs
        body = error_body(
            status=exc.status, code=exc.code, description=exc.description, error_name=error_name, data=exc.data
        )
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(math.ceil(retry_after))} if retry_after else None
        return _respond(request, body, exc.status, headers)
    if isinstance(exc, DjangoValidationError):
        data = _django_validation_data(exc, getattr(context.get("view"), "field_paths", {}))
        body = error_body(
            status=400, code=INVALID_PROPERTY, description=_describe(data, ""), error_name="InvalidProperty", data=data
        )
        return _respond(request, body, 400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    status_code = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        data = field_errors(exc.detail)
        body = error_body(
            status=400, code=INVALID_PROPERTY, description=_describe(data, ""), error_name="InvalidProperty", data=data
        )
    elif isinstance(exc, exceptions.ParseError):
        body = error_body(status=400, description=_parse_error_description(exc))
    elif isinstance(exc, exceptions.Throttled):
        body = error_body(status=429, description=f"Rate limit is exceeded. Try again in {int(exc.wait or 1)} seconds.")
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        status_code = status.HTTP_401_UNAUTHORIZED if headers.get("WWW-Authenticate") else status_code
        body = error_body(status=status_code, description=str(exc.detail))
    else:
        body = error_body(status=status_code, description=str(exc.detail))
    return _respond(request, body, status_code, headers)
