"""Pages of refunds and exchanges: the reservation's Refund and Exchange quotes, and the customer's Refunds tab.

Every figure comes from the refund engine (reservations.services.refunds / exchanges); a refusal comes back as
a form error. In the seed profile the quote leads into a support request (Microsoft support returns it); in
the current profile the partner returns or exchanges it from the page.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import partner_required
from accounts.permissions import Capability
from customers import tabs
from customers.selectors import customer_get
from partnercenter import clock
from partnercenter.errors import DomainError
from partnercenter.templatetags.money import money
from reservations import refund_selectors, selectors
from reservations.models import RefundPolicyProfile
from reservations.refund_buttons import refund_actions
from reservations.refund_forms import ExchangeConfirmForm, ExchangeQuoteForm, RefundQuoteForm, ReturnForm
from reservations.services.exchanges import ExchangeReturn, exchange_execute, exchange_quote
from reservations.services.refunds import refund_quote, reservation_return


def _customer(request, tenant_id):
    return customer_get(partner=request.user.partner, tenant_id=tenant_id)


def _context(request, customer, **extra) -> dict:
    profile = refund_selectors.policy_profile_for(customer.partner)
    return {
        "customer": customer,
        "tabs": tabs.tabs_for(request.user),
        "active_tab": "refunds",
        "profile": profile,
        "self_service": profile == RefundPolicyProfile.CURRENT,
        "cap": refund_selectors.cap_status(customer=customer, at=clock.now(customer.partner)),
        **extra,
    }


@partner_required(Capability.VIEW_RESERVATIONS)
def customer_refunds_view(request, tenant_id):
    """The customer's refund limit (used, left, when the oldest refund leaves the window) and its history."""
    customer = _customer(request, tenant_id)
    context = _context(
        request,
        customer,
        refunds=refund_selectors.refund_list(partner=request.user.partner, customer=customer)[:100],
        exchanges=refund_selectors.exchange_list(partner=request.user.partner, customer=customer)[:100],
    )
    return render(request, "reservations/refunds/customer_refunds.html", context)


def _reservation(request, customer, reservation_id):
    """The reservation (404 unless the user may read it) and what keeps the user from refunding it, if anything."""
    reservation = selectors.reservation_get(user=request.user, reservation_id=reservation_id, customer=customer)
    return reservation, refund_actions(request.user, reservation)


@partner_required()
def refund_view(request, tenant_id, reservation_id):
    """GET: the quantity to quote. POST quote: the transparent quote. POST return: return it (current profile)."""
    customer = _customer(request, tenant_id)
    reservation, actions = _reservation(request, customer, reservation_id)
    form = RefundQuoteForm(request.POST if request.POST.get("action") == "quote" else None, reservation=reservation)
    context = _context(request, customer, reservation=reservation, form=form, actions=actions)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "return":
        return_form = ReturnForm(request.POST)
        if return_form.is_valid():
            try:
                refund = reservation_return(
                    session_id=return_form.cleaned_data["session_id"],
                    actor=request.user,
                    customer=customer,
                    reason=return_form.cleaned_data["reason"],
                )
            except DomainError as error:
                messages.error(request, error.description)
                return redirect("reservations_refunds:refund", customer.tenant_id, reservation.reservation_id)
            messages.success(
                request,
                _("Returned %(quantity)s: %(amount)s will be credited on the next invoice.")
                % {"quantity": refund.quantity, "amount": money(refund.amount, refund.currency)},
            )
            return redirect("reservations_refunds:customer_refunds", customer.tenant_id)
        status = 400
    elif request.method == "POST" and form.is_valid():
        try:
            quote = refund_quote(reservation=reservation, actor=request.user, quantity=form.cleaned_data["quantity"])
        except DomainError as error:
            form.add_error(None, error.description)
            status = 400
        else:
            context.update(
                quote=quote, q=quote.details, return_form=ReturnForm(initial={"session_id": quote.session_id})
            )
    elif request.method == "POST":
        status = 400
    return render(request, "reservations/refunds/refund.html", context, status=status)


def _exchange_form(request, customer, reservation):
    offers = selectors.reservation_offer_list(
        market=str(customer.market), reserved_resource_type=reservation.reserved_resource_type
    )
    subscriptions = selectors.azure_subscription_list(partner=customer.partner, customer=customer, active_only=True)
    data = request.POST if request.POST.get("action") == "quote" else None
    return ExchangeQuoteForm(data, reservation=reservation, offers=offers, subscriptions=subscriptions)


@partner_required()
def exchange_view(request, tenant_id, reservation_id):
    """GET: what to buy instead. POST quote: refunds, purchases, net payable and policy errors. POST exchange."""
    customer = _customer(request, tenant_id)
    reservation, actions = _reservation(request, customer, reservation_id)
    form = _exchange_form(request, customer, reservation)
    context = _context(request, customer, reservation=reservation, form=form, actions=actions)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "exchange":
        confirm = ExchangeConfirmForm(request.POST)
        if confirm.is_valid():
            try:
                exchange = exchange_execute(
                    session_id=confirm.cleaned_data["session_id"], actor=request.user, customer=customer
                )
            except DomainError as error:
                messages.error(request, error.description)
                return redirect("reservations_refunds:exchange", customer.tenant_id, reservation.reservation_id)
            messages.success(
                request,
                _("Exchanged: %(refunds)s refunded and %(purchases)s bought.")
                % {
                    "refunds": money(exchange.refunds_total, exchange.currency),
                    "purchases": money(exchange.purchases_total, exchange.currency),
                },
            )
            return redirect("reservations_refunds:customer_refunds", customer.tenant_id)
        status = 400
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quote = exchange_quote(
                customer=customer,
                actor=request.user,
                returns=[ExchangeReturn(reservation, data["quantity_returned"])],
                purchases=[
                    {
                        "catalog_item_id": data["catalog_item_id"],
                        "quantity": data["quantity"],
                        "billing_plan": data["billing_plan"],
                        "subscription_id": data["subscription_id"],
                    }
                ],
            )
        except DomainError as error:
            form.add_error(None, error.description)
            status = 400
        else:
            context.update(
                quote=quote, q=quote.details, confirm_form=ExchangeConfirmForm(initial={"session_id": quote.session_id})
            )
    elif request.method == "POST":
        status = 400
    return render(request, "reservations/refunds/exchange.html", context, status=status)
