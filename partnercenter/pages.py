"""The page side of the one error model: a DomainError becomes a message, a form error or an HTTP page.

Views catch the domain errors they expect and show them with `domain_error_message` or
`add_domain_error`; `DomainErrorPageMiddleware` answers the rest (a NotFound from a selector is a
404 page, a Forbidden a 403 page, any other refusal a 400 page, by its status), so no view maps codes itself.
"""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404

from partnercenter.errors import DomainError, Forbidden, NotFound


def domain_error_message(request, error: DomainError) -> None:
    """Show the refusal at the top of the next page."""
    messages.error(request, error.description)


def add_domain_error(form, error: DomainError, field: str | None = None) -> None:
    """Show the refusal on the form (on `field`, or above the fields)."""
    form.add_error(field, error.description)


class DomainErrorPageMiddleware:
    """A domain error no page view caught answers with its HTTP status page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        if exception.status == NotFound.status:
            raise Http404(exception.description) from exception
        if exception.status == Forbidden.status:
            raise PermissionDenied(exception.description) from exception
        raise BadRequest(exception.description) from exception
