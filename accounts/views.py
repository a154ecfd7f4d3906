from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from accounts import navigation


@login_required
def home(request):
    """Send each kind of user to their starting page.

    A partner user starts on the first page their roles open (Customers for most; the activity log for
    referral or marketing content admins), a customer's global admin on Billing > Your products >
    Software; never on a page that would answer 403 (a user whose roles open nothing is refused).
    """
    user = request.user
    if user.is_partner_user or user.is_customer_user:
        entries = navigation.entries_for(user)
        if entries:
            return redirect(entries[0].url_name)
    elif user.is_staff:
        return redirect("admin:index")
    raise PermissionDenied("This account has no dashboard.")
