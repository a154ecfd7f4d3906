"""Dashboard pages: Add products for a customer, and the customer's Order history with order details."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import partner_required
from accounts.permissions import Capability
from commerce import selectors, services
from commerce.errors import CommerceError
from commerce.forms import OrderAddForm
from commerce.markets import market_validate
from commerce.tax import tax_wording
from customers import tabs
from customers.selectors import customer_get
from partnercenter.pages import add_domain_error

PAGE_SIZE = 25


def _tab_context(request, customer, active_tab: str = "orders") -> dict:
    return {"customer": customer, "tabs": tabs.tabs_for(request.user), "active_tab": active_tab}


@partner_required(Capability.BUY_SOFTWARE)
def order_add_view(request, tenant_id):
    """Add products: choose SKUs and quantities in the customer's market, then place one order."""
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    context = _tab_context(request, customer, active_tab="")
    try:
        market = market_validate(customer.market)
    except CommerceError as error:
        context["unavailable"] = error.description
        return render(request, "commerce/order_add.html", context, status=400 if request.method == "POST" else 200)
    offers = selectors.offer_list(market=market)
    form = OrderAddForm(request.POST if request.method == "POST" else None, offers=offers)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(customer=customer, actor=request.user, line_items=form.line_items())
        except CommerceError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Order %(order)s was placed for %(customer)s.") % {"order": order.order_id, "customer": customer},
            )
            return redirect("commerce:order_history", tenant_id=customer.tenant_id)
    currency = offers[0].price.currency if offers else ""
    context.update(form=form, currency=currency, tax_wording=tax_wording(market, currency) if offers else "")
    return render(request, "commerce/order_add.html", context, status=400 if form.errors else 200)


@partner_required(Capability.VIEW_CUSTOMERS)
def order_history_view(request, tenant_id):
    """Every order of the customer, newest first, as Partner Center shows it (cancellations once visible)."""
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    orders = selectors.order_list(partner=request.user.partner, customer=customer)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "commerce/order_history.html", {**_tab_context(request, customer), "page": page})


@partner_required(Capability.VIEW_CUSTOMERS)
def order_detail_view(request, tenant_id, order_id):
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    order = selectors.order_get(partner=request.user.partner, customer=customer, order_id=order_id)
    return render(
        request,
        "commerce/order_detail.html",
        {
            **_tab_context(request, customer),
            "order": order,
            "totals": order.totals(),
            "tax_wording": tax_wording(str(customer.market), order.currency),
        },
    )
