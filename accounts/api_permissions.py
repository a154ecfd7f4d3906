"""The API's one permission: a partner principal holding the view's `required_capability`.

A view marked `app_user_only` (Partner Center documents entitlements, product keys and download
links as App+User only) refuses app-only tokens outright, whatever roles the application holds.
"""

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from accounts.permissions import Capability, has_capability
from partnercenter.errors import Forbidden


class AppOnlyNotSupported(Forbidden):
    """An app-only token on an App+User only operation."""

    error_name = "AppOnlyNotSupported"

    def __init__(self):
        super().__init__(_("This operation requires App+User authentication: sign a user in with the password grant."))


class HasRequiredCapability(BasePermission):
    """Checked for every method; a view without `required_capability` needs only a partner principal."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_partner_user", False):
            return False
        if getattr(view, "app_user_only", False) and getattr(user, "is_application", False):
            raise AppOnlyNotSupported()
        if hasattr(view, "get_required_capability"):
            capability: Capability | None = view.get_required_capability(request.method)
        else:
            capability = getattr(view, "required_capability", None)
        return capability is None or has_capability(user, capability)
