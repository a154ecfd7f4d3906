"""Page guards of the support pages: who may file requests and who may read them (accounts.permissions decides)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.permissions import Capability, can_file_support_request, can_view_support_requests

# The Support menu entry and the Service requests tab show to those who may read requests.
SUPPORT_READ_CAPABILITY = Capability.VIEW_SUPPORT_REQUESTS


def _guard(check, message: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def support_filer(view):
    """Partner users whose roles may file support requests (helpdesk agents included)."""
    return _guard(can_file_support_request, "Your role does not allow filing support requests.")(view)


def support_reader(view):
    """Users who may read the support requests of their partner (or, customer users, of their customer)."""
    return _guard(can_view_support_requests, "Your role does not allow reading support requests.")(view)
