"""Add products → Azure reservations: the Azure plan when the customer has none, more Azure subscriptions,
and the reservation purchase in three steps (choose, review the price, confirm)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import partner_required
from accounts.permissions import Capability, has_capability
from commerce.markets import market_validate
from commerce.tax import tax_wording
from customers import tabs
from customers.selectors import customer_get
from partnercenter.errors import DomainError
from reservations import selectors, services
from reservations.forms import AzurePlanForm, AzureSubscriptionAddForm, ReservationPurchaseForm, ReservationTypeForm
from reservations.views import refusal_shown

STEP_REVIEW, STEP_CONFIRM, STEP_EDIT = "review", "confirm", "edit"


def _purchase_forms(request, customer, market: str, data=None):
    """The type chooser and the purchase form, bound to `data` when given."""
    offers = selectors.reservation_offer_list(market=market)
    type_form = ReservationTypeForm(data if data is not None else (request.GET or None), offers=offers)
    form = ReservationPurchaseForm(
        data,
        offers=offers,
        # A posted type is judged by the purchase form; a type asked for in the address falls back to the first.
        reserved_resource_type=data.get("reserved_resource_type", "") if data is not None else type_form.chosen_type(),
        subscriptions=selectors.azure_subscription_list(
            partner=request.user.partner, customer=customer, active_only=True
        ),
    )
    return type_form, form


def _choose_page(request, customer, *, form=None, type_form=None, plan_form=None, subscription_form=None, status=200):
    """Step one, or what stands before it: the unavailable-market message, or the Azure plan to buy first."""
    partner = request.user.partner
    context = {
        "customer": customer,
        "tabs": tabs.tabs_for(request.user),
        "active_tab": "",
        "can_buy_plan": has_capability(request.user, Capability.BUY_AZURE_PLAN),
    }
    try:
        market = market_validate(customer.market)
    except DomainError as error:
        context["unavailable"] = error.description
        return render(request, "reservations/purchase.html", context, status=status)
    context["plan"] = selectors.azure_plan_get(partner=partner, customer=customer)
    if context["plan"] is None:
        context["plan_form"] = plan_form or AzurePlanForm()
        return render(request, "reservations/purchase.html", context, status=status)
    if form is None:
        type_form, form = _purchase_forms(request, customer, market)
    context.update(
        type_form=type_form,
        form=form,
        subscriptions=selectors.azure_subscription_list(partner=partner, customer=customer),
        subscription_form=subscription_form or AzureSubscriptionAddForm(),
    )
    return render(request, "reservations/purchase.html", context, status=status)


def _review_page(request, customer, form):
    """Step two: the price in the customer's currency with the market's tax rule, before confirming."""
    arguments = form.purchase_arguments()
    try:
        quote = services.reservation_quote(
            customer=customer,
            catalog_item_id=arguments["catalog_item_id"],
            quantity=arguments["quantity"],
            billing_plan=arguments["billing_plan"],
        )
    except DomainError as error:
        refusal_shown(error, form=form)
        return None
    context = {
        "customer": customer,
        "tabs": tabs.tabs_for(request.user),
        "active_tab": "",
        "form": form,
        "offer": form.offer,
        "chosen": form.chosen_labels(),
        "quote": quote,
        "tax_wording": tax_wording(str(customer.market), quote.currency),
    }
    return render(request, "reservations/purchase_review.html", context)


@partner_required(Capability.BUY_RESERVATIONS)
def purchase_view(request, tenant_id):
    """Choose a reservation (GET, or back from the review), review its price, then confirm to buy it."""
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    if request.method != "POST":
        return _choose_page(request, customer)
    try:
        market = market_validate(customer.market)
    except DomainError:
        return _choose_page(request, customer, status=400)
    if selectors.azure_plan_get(partner=request.user.partner, customer=customer) is None:
        return _choose_page(request, customer, status=400)
    type_form, form = _purchase_forms(request, customer, market, data=request.POST)
    step = request.POST.get("step")
    if step == STEP_EDIT:
        form.is_valid()
        return _choose_page(request, customer, form=form, type_form=type_form)
    if form.is_valid():
        if step != STEP_CONFIRM:
            response = _review_page(request, customer, form)
            if response is not None:
                return response
        else:
            try:
                order = services.reservation_purchase(
                    customer=customer, actor=request.user, **form.purchase_arguments()
                )
            except DomainError as error:
                refusal_shown(error, form=form)
            else:
                reservation = order.reservations.order_by("id").first()
                messages.success(
                    request,
                    _("Reservation %(name)s was bought for %(customer)s (order %(order)s).")
                    % {
                        "name": reservation.display_name,
                        "customer": customer,
                        "order": order.order_line.order.order_id,
                    },
                )
                return redirect(
                    "reservations:overview", tenant_id=customer.tenant_id, reservation_id=reservation.reservation_id
                )
    return _choose_page(request, customer, form=form, type_form=type_form, status=400)


@require_POST
@partner_required(Capability.BUY_AZURE_PLAN)
def azure_plan_buy_view(request, tenant_id):
    """Buy the Azure plan (and its first Azure subscription) so reservations can be bought."""
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    form = AzurePlanForm(request.POST)
    if form.is_valid():
        try:
            services.azure_plan_purchase(
                customer=customer, actor=request.user, friendly_name=form.cleaned_data["friendly_name"]
            )
        except DomainError as error:
            # Shown as a message: once the customer has a plan (a replayed form), the page shows no plan form.
            refusal_shown(error, request=request)
        else:
            messages.success(
                request,
                _("The Azure plan was bought for %(customer)s, with the Azure subscription %(name)s.")
                % {"customer": customer, "name": " ".join(form.cleaned_data["friendly_name"].split())},
            )
            return redirect("reservations:purchase", tenant_id=customer.tenant_id)
    return _choose_page(request, customer, plan_form=form, status=400)


@require_POST
@partner_required(Capability.BUY_AZURE_PLAN)
def azure_subscription_add_view(request, tenant_id):
    """Add an Azure subscription under the customer's plan (it can then pay for or receive reservations)."""
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    form = AzureSubscriptionAddForm(request.POST)
    if form.is_valid():
        try:
            subscription = services.azure_subscription_add(
                customer=customer, actor=request.user, friendly_name=form.cleaned_data["friendly_name"]
            )
        except DomainError as error:
            refusal_shown(error, form=form, field="friendly_name")
        else:
            messages.success(
                request,
                _("The Azure subscription %(name)s was added for %(customer)s.")
                % {"name": subscription.friendly_name, "customer": customer},
            )
            return redirect("reservations:purchase", tenant_id=customer.tenant_id)
    return _choose_page(request, customer, subscription_form=form, status=400)
