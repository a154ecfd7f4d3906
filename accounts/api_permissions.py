"""The API's one permission: a partner principal holding the view's `required_capability`."""

from rest_framework.permissions import BasePermission

from accounts.permissions import Capability, has_capability


class HasRequiredCapability(BasePermission):
    """Checked for every method; a view without `required_capability` needs only a partner principal."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_partner_user", False):
            return False
        if hasattr(view, "get_required_capability"):
            capability: Capability | None = view.get_required_capability(request.method)
        else:
            capability = getattr(view, "required_capability", None)
        return capability is None or has_capability(user, capability)
