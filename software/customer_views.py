"""The customer's own view (Microsoft 365 admin center: Billing → Your products → Software).

A customer's global admin signs in and sees that customer's software, keys and downloads only,
through the same services (and the same audit records) as the partner's Software tab; the
customer's other users are refused (403).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import Capability, has_capability
from software import artifact_views, selectors
from software.forms import ArtifactChoiceForm


def customer_admin_required(view):
    """Only a customer's global admin (accounts.permissions); other customer users and partners get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_capability(request.user, Capability.VIEW_OWN_SOFTWARE):
            raise PermissionDenied("Only the customer's global admin sees its software.")
        return view(request, *args, **kwargs)

    return wrapped


def _context(request, purchase=None) -> dict:
    return {"customer": request.user.customer, "purchase": purchase, "customer_side": True}


def _purchase(request, pk):
    return selectors.customer_purchase_get(customer=request.user.customer, pk=pk)


@customer_admin_required
def software_list_view(request):
    purchases = list(selectors.customer_purchase_list(customer=request.user.customer))
    rows = [(purchase, ArtifactChoiceForm(purchase=purchase)) for purchase in purchases]
    return render(request, "software/my_software.html", {**_context(request), "rows": rows})


@require_GET
@customer_admin_required
def artifacts_view(request, pk):
    purchase = _purchase(request, pk)
    form = ArtifactChoiceForm(request.GET, purchase=purchase)
    context = {**_context(request, purchase), "form": form}
    if not form.is_valid() or purchase.is_cancelled:
        return render(request, "software/my_artifacts.html", context, status=400 if form.errors else 410)
    return render(request, "software/my_artifacts.html", context)


@require_POST
@customer_admin_required
def key_view(request, pk):
    purchase = _purchase(request, pk)
    return artifact_views.key_response(request, purchase, context=_context(request, purchase))


@require_POST
@customer_admin_required
def download_view(request, pk):
    purchase = _purchase(request, pk)
    return artifact_views.download_response(request, purchase, context=_context(request, purchase))


@require_POST
@customer_admin_required
def link_view(request, pk):
    purchase = _purchase(request, pk)
    return artifact_views.link_response(request, purchase, context=_context(request, purchase))
