"""The customer's Azure reservations tab, the reservation's page (Overview, Access control, Configuration,
Properties) and the Resources help page. Views read through selectors and change through services only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import partner_required
from accounts.permissions import Capability, ReservationAccess, has_capability
from customers import tabs
from customers.selectors import customer_get
from partnercenter import clock
from partnercenter.errors import DomainError, Forbidden
from partnercenter.links import row_urls
from partnercenter.pages import add_domain_error, domain_error_message
from reservations import hybrid_benefit, refund_selectors, selectors, services
from reservations.forms import ReservationConfigurationForm, RoleAssignmentForm
from reservations.models import ReservedResourceType
from reservations.refund_buttons import refund_actions


def refusal_shown(error: DomainError, *, form=None, request=None, field=None) -> None:
    """Show a service's refusal on the form (or as a message); an access or role refusal (403) is re-raised for
    DomainErrorPageMiddleware to answer with the 403 page."""
    if error.status == Forbidden.status:
        raise error
    if form is not None:
        add_domain_error(form, error, field)
    else:
        domain_error_message(request, error)


def _tab_context(request, customer) -> dict:
    return {"customer": customer, "tabs": tabs.tabs_for(request.user), "active_tab": "reservations"}


@partner_required(Capability.VIEW_RESERVATIONS)
def customer_reservations_view(request, tenant_id):
    """Every reservation of the customer the user may read, with the 30-day utilization and the Actions."""
    partner = request.user.partner
    customer = customer_get(partner=partner, tenant_id=tenant_id)
    now = clock.now(partner)
    reservations = list(
        selectors.reservation_list(user=request.user, customer=customer, related=selectors.CUSTOMER_TAB_RELATED)
    )
    averages = selectors.utilization_averages(reservation_ids=[r.pk for r in reservations], as_of=now.date())
    manage_url = row_urls("reservations:overview", customer.tenant_id)
    refund_url = row_urls("reservations_refunds:refund", customer.tenant_id)
    rows = [
        (
            reservation,
            reservation.display_state(now),
            averages.get(reservation.pk),
            refund_actions(request.user, reservation),
            manage_url(reservation.reservation_id),
            refund_url(reservation.reservation_id),
        )
        for reservation in reservations
    ]
    return render(
        request,
        "reservations/customer_reservations.html",
        {
            **_tab_context(request, customer),
            "rows": rows,
            "benefit": hybrid_benefit.hybrid_benefit_summary(
                partner=partner, customer=customer, reservations=reservations, as_of=now
            ),
            "can_buy": has_capability(request.user, Capability.BUY_RESERVATIONS),
            "cap": refund_selectors.cap_status(customer=customer, at=now),
        },
    )


def _reservation(request, tenant_id, reservation_id):
    """The customer (of the user's partner) and one of its reservations the user may read; 404 otherwise."""
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    reservation = selectors.reservation_get(user=request.user, customer=customer, reservation_id=reservation_id)
    return customer, reservation


def _page_context(request, customer, reservation, section: str) -> dict:
    now = clock.now(request.user.partner)
    access = selectors.access_of(request.user, reservation)
    return {
        **_tab_context(request, customer),
        "reservation": reservation,
        "state": reservation.display_state(now),
        "now": now,
        "section": section,
        "can_manage": access >= ReservationAccess.MANAGE,
        "can_assign": access >= ReservationAccess.OWNER,
    }


@partner_required()
def overview_view(request, tenant_id, reservation_id):
    customer, reservation = _reservation(request, tenant_id, reservation_id)
    context = _page_context(request, customer, reservation, "overview")
    as_of = context["now"].date()
    days = selectors.utilization_series(reservation=reservation, as_of=as_of)
    averages = selectors.utilization_averages(reservation_ids=[reservation.pk], as_of=as_of).get(reservation.pk)
    context.update(
        days=[(day.day, day.utilization_percent) for day in days],
        averages=averages,
        refund_actions=refund_actions(request.user, reservation),
    )
    return render(request, "reservations/overview.html", context)


@partner_required()
def access_view(request, tenant_id, reservation_id):
    """Access control (IAM): the role assignments, and for Owners a form to add one."""
    customer, reservation = _reservation(request, tenant_id, reservation_id)
    context = _page_context(request, customer, reservation, "access")
    form = None
    if context["can_assign"]:
        form = RoleAssignmentForm(
            request.POST if request.method == "POST" else None,
            users=list(selectors.assignable_users(reservation=reservation)),
        )
    elif request.method == "POST":
        raise PermissionDenied(_("Only an Owner of the reservation can change who has access."))
    if request.method == "POST" and form.is_valid():
        user = form.chosen_user()
        try:
            services.role_assignment_add(
                reservation=reservation, actor=request.user, user_id=user.pk, role=form.cleaned_data["role"]
            )
        except DomainError as error:
            refusal_shown(error, form=form)
        else:
            messages.success(
                request,
                _("%(user)s now has the role %(role)s on %(reservation)s.")
                % {
                    "user": user.get_username(),
                    "role": dict(form.fields["role"].choices)[form.cleaned_data["role"]],
                    "reservation": reservation.display_name,
                },
            )
            return redirect(
                "reservations:access", tenant_id=customer.tenant_id, reservation_id=reservation.reservation_id
            )
    context.update(form=form, assignments=selectors.role_assignment_list(reservation=reservation))
    status = 400 if form is not None and form.errors else 200
    return render(request, "reservations/access.html", context, status=status)


@require_POST
@partner_required()
def access_remove_view(request, tenant_id, reservation_id, assignment_id):
    customer, reservation = _reservation(request, tenant_id, reservation_id)
    removed = next(
        (a for a in selectors.role_assignment_list(reservation=reservation) if a.assignment_id == assignment_id), None
    )
    try:
        services.role_assignment_remove(reservation=reservation, actor=request.user, assignment_id=assignment_id)
    except DomainError as error:
        refusal_shown(error, request=request)
    else:
        messages.success(
            request,
            _("%(user)s no longer has the role %(role)s on %(reservation)s.")
            % {
                "user": removed.user.get_username(),
                "role": removed.get_role_display(),
                "reservation": reservation.display_name,
            },
        )
    return redirect("reservations:access", tenant_id=customer.tenant_id, reservation_id=reservation.reservation_id)


@partner_required()
def configuration_view(request, tenant_id, reservation_id):
    """Configuration: scope and subscription, name, auto-renew and Azure Hybrid Benefit, with validation."""
    customer, reservation = _reservation(request, tenant_id, reservation_id)
    context = _page_context(request, customer, reservation, "configuration")
    if request.method == "POST" and not context["can_manage"]:
        raise PermissionDenied(_("Your access to this reservation does not allow changing it."))
    subscriptions = selectors.azure_subscription_list(partner=request.user.partner, customer=customer, active_only=True)
    form = ReservationConfigurationForm(
        request.POST if request.method == "POST" else None,
        initial=ReservationConfigurationForm.initial_for(reservation),
        subscriptions=subscriptions,
        hybrid_benefit_allowed=reservation.reserved_resource_type == ReservedResourceType.VIRTUAL_MACHINES,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reservation_update(
                reservation=reservation,
                actor=request.user,
                applied_scope_type=data["scope"],
                applied_subscription_id=data["applied_subscription"] or None,
                display_name=data["display_name"],
                renew=data["renew"],
                hybrid_benefit=data.get("hybrid_benefit", services.UNCHANGED),
            )
        except DomainError as error:
            refusal_shown(error, form=form)
        else:
            messages.success(request, _("The configuration of %(name)s was saved.") % {"name": data["display_name"]})
            return redirect(
                "reservations:configuration", tenant_id=customer.tenant_id, reservation_id=reservation.reservation_id
            )
    context["form"] = form
    return render(request, "reservations/configuration.html", context, status=400 if form.errors else 200)


@partner_required()
def properties_view(request, tenant_id, reservation_id):
    customer, reservation = _reservation(request, tenant_id, reservation_id)
    return render(request, "reservations/properties.html", _page_context(request, customer, reservation, "properties"))


@partner_required(Capability.VIEW_CUSTOMERS)
def resources_view(request):
    """Resources: the seed's reading list, written for this portal."""
    return render(request, "reservations/resources.html")
