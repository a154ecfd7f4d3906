from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


@login_required
def home(request):
    """Send each kind of user to their starting page."""
    user = request.user
    if user.is_partner_user:
        return redirect("customers:list")
    if user.is_customer_user:
        return redirect("my:software")
    if user.is_staff:
        return redirect("admin:index")
    raise PermissionDenied("This account has no dashboard.")
