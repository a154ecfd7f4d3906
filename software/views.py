"""The customer's Software tab: purchases, keys and downloads, the cancel dialog, and signed links."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import partner_required
from accounts.permissions import Capability, has_capability
from commerce.errors import CommerceError
from customers import tabs
from customers.selectors import customer_get
from partnercenter.pages import add_domain_error
from software import artifact_views, selectors, services
from software.forms import ArtifactChoiceForm, CancelPurchaseForm, needs_support_request, standing_text


def _tab_context(request, customer) -> dict:
    return {"customer": customer, "tabs": tabs.tabs_for(request.user), "active_tab": "software"}


def _purchase(request, tenant_id, pk):
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    purchase = selectors.purchase_get(partner=request.user.partner, customer=customer, pk=pk)
    return customer, purchase


@partner_required(Capability.VIEW_CUSTOMERS)
def customer_software_view(request, tenant_id):
    """Every software purchase of the customer; actions only for admin agents."""
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    purchases = list(selectors.purchase_list(partner=request.user.partner, customer=customer))
    rows = [(purchase, ArtifactChoiceForm(purchase=purchase)) for purchase in purchases]
    return render(
        request,
        "software/customer_software.html",
        {
            **_tab_context(request, customer),
            "rows": rows,
            "can_get_keys": has_capability(request.user, Capability.VIEW_PRODUCT_KEYS),
            "can_cancel": has_capability(request.user, Capability.CANCEL_PURCHASE),
        },
    )


@require_GET
@partner_required(Capability.VIEW_PRODUCT_KEYS)
def artifacts_view(request, tenant_id, pk):
    """ "Get keys and downloads" for the chosen version, language and bitness."""
    customer, purchase = _purchase(request, tenant_id, pk)
    form = ArtifactChoiceForm(request.GET, purchase=purchase)
    context = {**_tab_context(request, customer), "purchase": purchase, "form": form}
    if not form.is_valid() or purchase.is_cancelled:
        return render(request, "software/artifacts.html", context, status=400 if form.errors else 410)
    return render(request, "software/artifacts.html", context)


def _action_context(request, customer, purchase) -> dict:
    return {**_tab_context(request, customer), "purchase": purchase}


@require_POST
@partner_required(Capability.VIEW_PRODUCT_KEYS)
def key_view(request, tenant_id, pk):
    customer, purchase = _purchase(request, tenant_id, pk)
    return artifact_views.key_response(request, purchase, context=_action_context(request, customer, purchase))


@require_POST
@partner_required(Capability.VIEW_PRODUCT_KEYS)
def download_view(request, tenant_id, pk):
    customer, purchase = _purchase(request, tenant_id, pk)
    return artifact_views.download_response(request, purchase, context=_action_context(request, customer, purchase))


@require_POST
@partner_required(Capability.VIEW_PRODUCT_KEYS)
def link_view(request, tenant_id, pk):
    customer, purchase = _purchase(request, tenant_id, pk)
    return artifact_views.link_response(request, purchase, context=_action_context(request, customer, purchase))


def _cancel_dialog(request, customer, purchase, *, data=None, confirmation: str = ""):
    """The dialog for `purchase`'s product: every open order id, its standing, the Important notice."""
    partner = request.user.partner
    candidates = selectors.cancel_candidates(partner=partner, customer=customer, purchase=purchase)
    standings = selectors.cancel_standings(partner=partner, purchases=candidates)
    initial = {"purchase": selectors.cancel_default(standings=standings, prefer_pk=purchase.pk)}
    form = CancelPurchaseForm(data, purchases=candidates, initial=initial)
    return form, {
        **_tab_context(request, customer),
        "purchase": purchase,
        "form": form,
        "standings": [
            (candidate, standing_text(eligibility), needs_support_request(eligibility))
            for candidate, eligibility in standings
        ],
        "confirmation": confirmation,
    }


def _render_cancel_dialog(request, context, *, status: int = 200):
    """The dialog's body for the JavaScript dialog (`?partial=1`), or the whole page without JavaScript."""
    template = "software/_cancel_form.html" if request.GET.get("partial") else "software/cancel.html"
    return render(request, template, context, status=status)


def _confirmation(chosen) -> str:
    minutes = int(settings.CANCELLATION_VISIBILITY_DELAY.total_seconds() // 60)
    return _(
        "Your cancellation of order %(order)s (%(product)s) was submitted. It can take up to %(minutes)s "
        "minutes before it shows in Partner Center."
    ) % {"order": chosen.order_line.order.order_id, "product": chosen.sku_title, "minutes": minutes}


@partner_required(Capability.CANCEL_PURCHASE)
def cancel_view(request, tenant_id, pk):
    """The cancel dialog (also a plain page without JavaScript): order id, window info, Important, Submit.

    After a cancellation the dialog comes back at once, set on the product's next order that can still be
    cancelled, so each order id is cancelled in turn (the dialog's fetch re-renders in place; the plain page
    redirects to it, or to the Software tab once no order is left).
    """
    customer, purchase = _purchase(request, tenant_id, pk)
    if request.method != "POST":
        return _render_cancel_dialog(request, _cancel_dialog(request, customer, purchase)[1])
    form, context = _cancel_dialog(request, customer, purchase, data=request.POST)
    if form.is_valid():
        chosen = form.chosen()
        try:
            services.purchase_cancel(order=chosen.order_line.order, lines=[chosen.order_line], actor=request.user)
        except CommerceError as error:
            add_domain_error(form, error)
        else:
            return _after_cancel(request, customer, chosen)
    return _render_cancel_dialog(request, context, status=400)


def _after_cancel(request, customer, chosen):
    confirmation = _confirmation(chosen)
    _form, context = _cancel_dialog(request, customer, chosen, confirmation=confirmation)
    if request.GET.get("partial"):
        return _render_cancel_dialog(request, context)
    messages.success(request, confirmation)
    next_pk = context["form"].initial["purchase"]
    if next_pk != chosen.pk:
        return redirect("software:cancel", tenant_id=customer.tenant_id, pk=next_pk)
    return redirect("software:customer_software", tenant_id=customer.tenant_id)


@require_GET
def signed_download_view(request, token):
    """A signed link downloads without signing in until it expires or is revoked."""
    try:
        download = services.download_link_redeem(token=token)
    except CommerceError as error:
        return render(request, "software/link_error.html", {"message": error.description}, status=error.status)
    return artifact_views.file_response(download)
