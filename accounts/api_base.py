"""The base of every Partner Center API view: bearer auth, one capability check, throttling, tenant.

Subclasses set `required_capability` and read `self.partner` (the caller's partner) to scope every
selector, so tenant scoping cannot be forgotten in a view.
"""

from rest_framework.views import APIView

from accounts.api_permissions import HasRequiredCapability
from accounts.authentication import BearerTokenAuthentication
from accounts.permissions import Capability
from partnercenter.api.throttling import PartnerCenterThrottle


class PartnerAPIView(APIView):
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [HasRequiredCapability]
    throttle_classes = [PartnerCenterThrottle]
    required_capability: Capability | None = None
    partner = None

    def get_required_capability(self, method: str) -> Capability | None:
        """Override when one method needs another capability (e.g. POST adds, GET views)."""
        return self.required_capability

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.partner = request.user.partner
