"""Page guards: the one access check every dashboard view uses."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.permissions import Capability, has_capability


def partner_required(capability: Capability | None = None):
    """Require a signed-in partner user, and the capability when one is named (403 otherwise)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_partner_user:
                raise PermissionDenied("Partner users only.")
            if capability is not None and not has_capability(user, capability):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
