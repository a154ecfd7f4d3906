"""The one error model: every business refusal is a `DomainError` subclass raised by a service.

A domain error carries what every surface needs (Partner Center's numeric `code`, a `description`
for people, the HTTP `status` an API answers with, an `error_name`, and structured `data`); services
never raise HTTP types. The API handler renders it in the envelope of the route family (Partner
Center's under /v1, Azure's under /azure) and pages turn it into a message or a form error.
"""


class DomainError(Exception):
    """A business refusal: code, description, HTTP status, errorName and data."""

    status: int = 400
    code: int | str = 800002
    error_name: str = "InvalidRequestInput"
    # Azure's ErrorResponseCode for the same refusal, when it differs from error_name (shown under /azure).
    azure_code: str = ""

    def __init__(
        self,
        code: int | str | None = None,
        description: str = "",
        *,
        status: int | None = None,
        error_name: str = "",
        data: list | None = None,
    ):
        super().__init__(description)
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        if error_name:
            self.error_name = error_name
        self.description = description
        self.data = data or []


class FixedCodeError(DomainError):
    """A refusal whose code, status and errorName are its class's: raised with a description only."""

    def __init__(self, description: str = "", *, data: list | None = None):
        super().__init__(None, description, data=data)


class NotFound(FixedCodeError):
    """The object does not exist or lies outside the caller's tenant (both answer 404, never 403)."""

    status = 404
    code = 1000
    error_name = "NotFound"


class Forbidden(FixedCodeError):
    """The caller's role does not allow the operation."""

    status = 403
    code = 403
    error_name = "Forbidden"
