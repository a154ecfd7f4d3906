"""Azure Resource Manager's error envelope for every refusal under /azure/: `{"error": {"code", "message"}}`.

One function, `arm_error_response`, renders anything an Azure route can raise: a `DomainError` from a service
(its `azure_code` when it has one, else a string `code` or its `error_name`, is ARM's code), an `ArmError` a
view raises for its own input, DRF's refusals (authentication, validation, parsing, throttling, 404, 405) and
Django's. The API exception handler
calls it for the route family (the path prefix), never per view, so Azure's SDKs always read one format.
"""

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response

from partnercenter.errors import DomainError

AZURE_PREFIX = "/azure/"

# ARM's code and message per HTTP status, for refusals that carry no code of their own.
STATUS_CODES: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request is invalid."),
    401: ("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."),
    403: ("AuthorizationFailed", "The client does not have authorization to perform this action."),
    404: ("ResourceNotFound", "The resource was not found."),
    405: ("HttpMethodNotSupported", "The HTTP method is not supported for this resource."),
    406: ("NotAcceptable", "The requested media type is not supported."),
    409: ("Conflict", "The request conflicts with the current state of the resource."),
    412: ("PreconditionFailed", "The resource changed since it was read."),
    415: ("UnsupportedMediaType", "The content type is not supported; send application/json."),
    429: ("TooManyRequests", "Rate limit is exceeded."),
    500: ("InternalServerError", "The server encountered an internal error. Please retry the request."),
}


class ArmError(DomainError):
    """A refusal of request input by an Azure route itself, with ARM's code (e.g. MissingApiVersionParameter)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(code, message, status=status, error_name=code)


def arm_error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message[:1024]}}


def arm_json_error(status: int, code: str = "", message: str = "") -> JsonResponse:
    """A plain Django response in ARM's envelope, for code outside DRF (middleware)."""
    default_code, default_message = STATUS_CODES.get(status, STATUS_CODES[500])
    return JsonResponse(arm_error_body(code or default_code, message or default_message), status=status)


def _messages(detail, prefix: str = "") -> list[str]:
    """DRF/Django error details flattened to 'properties.appliedScopes: message' lines."""
    if isinstance(detail, dict):
        lines = []
        for key, value in detail.items():
            field = "" if key in ("non_field_errors", "__all__") else str(key)
            lines += _messages(value, f"{prefix}.{field}".strip(".") if field else prefix)
        return lines
    if isinstance(detail, list | tuple):
        return [line for value in detail for line in _messages(value, prefix)]
    return [f"{prefix}: {detail}" if prefix else str(detail)]


def _domain_code(error: DomainError) -> str:
    """ARM's code for a domain refusal: its `azure_code` when it names one, else a string code, else errorName."""
    return error.azure_code or (error.code if isinstance(error.code, str) else error.error_name)


def arm_error_response(exc) -> Response | None:
    """The response for a refusal under /azure/, or None for an unexpected error (a 500 later)."""
    if isinstance(exc, DomainError):
        headers = {"Retry-After": str(int(exc.retry_after))} if getattr(exc, "retry_after", None) else None
        return Response(arm_error_body(_domain_code(exc), exc.description), status=exc.status, headers=headers)
    if isinstance(exc, DjangoValidationError):
        message = "; ".join(_messages(exc.message_dict if hasattr(exc, "error_dict") else exc.messages))
        return Response(arm_error_body("BadRequest", message), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(STATUS_CODES[404][1])
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(STATUS_CODES[403][1])
    if not isinstance(exc, exceptions.APIException):
        return None
    status = exc.status_code
    code, message = STATUS_CODES.get(status, STATUS_CODES[500])
    headers = {}
    if isinstance(exc, exceptions.ValidationError):
        code, message = "InvalidRequestContent", "; ".join(_messages(exc.detail))
    elif isinstance(exc, exceptions.ParseError):
        detail = re.sub(r"\s+", " ", str(exc.detail))
        code, message = (
            "InvalidRequestContent",
            f"The request content was invalid and could not be deserialized: {detail}",
        )
    elif isinstance(exc, exceptions.AuthenticationFailed):
        code, message = "InvalidAuthenticationToken", str(exc.detail)
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        headers["Retry-After"] = str(wait)
        message = f"Rate limit is exceeded. Try again in {wait} seconds."
    elif isinstance(exc, exceptions.MethodNotAllowed | exceptions.UnsupportedMediaType):
        message = str(exc.detail)
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    return Response(arm_error_body(code, message), status=status, headers=headers)
