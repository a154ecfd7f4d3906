from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _


class PartnerUsersStayOutOfAdminMiddleware:
    """The Django admin is the operator's back office: partner and customer users never enter it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/admin/")
            and user is not None
            and user.is_authenticated
            and (user.is_partner_user or user.is_customer_user)
        ):
            return HttpResponseForbidden(_("The back office is for operator staff only."))
        return self.get_response(request)
