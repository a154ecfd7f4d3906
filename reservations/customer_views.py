"""The customer's own Azure reservations (what the Azure portal shows a user of the customer's tenant).

A customer user sees the reservations of their own customer on which they hold a role (Owner, Reservations
Administrator, Reservations Reader): the same selector as every reservation read, so any other reservation,
of their customer or another, answers 404. The pages are read-only: the partner changes, refunds and exchanges
reservations on the customer's behalf.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts.permissions import Capability, has_capability
from partnercenter import clock
from reservations import selectors


def customer_user_required(view):
    """Only a user of a customer (any Microsoft 365 role); partner users and staff get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_capability(request.user, Capability.VIEW_OWN_RESERVATIONS):
            raise PermissionDenied("Users of a customer only.")
        return view(request, *args, **kwargs)

    return wrapped


@customer_user_required
def reservation_list_view(request):
    customer = request.user.customer
    now = clock.now(customer.partner)
    reservations = list(selectors.reservation_list(user=request.user))
    averages = selectors.utilization_averages(reservation_ids=[r.pk for r in reservations], as_of=now.date())
    rows = [
        (reservation, reservation.display_state(now), averages.get(reservation.pk), _roles(reservation))
        for reservation in reservations
    ]
    return render(request, "reservations/my_reservations.html", {"customer": customer, "rows": rows})


@customer_user_required
def reservation_detail_view(request, reservation_id):
    customer = request.user.customer
    reservation = selectors.reservation_get(user=request.user, reservation_id=reservation_id)
    as_of = clock.now(customer.partner)
    days = selectors.utilization_series(reservation=reservation, as_of=as_of.date())
    context = {
        "customer": customer,
        "reservation": reservation,
        "state": reservation.display_state(as_of),
        "roles": _roles(reservation),
        "days": [(day.day, day.utilization_percent) for day in days],
        "averages": selectors.utilization_averages(reservation_ids=[reservation.pk], as_of=as_of.date()).get(
            reservation.pk
        ),
    }
    return render(request, "reservations/my_reservation.html", context)


def _roles(reservation) -> list[str]:
    """The user's role names on the reservation (read with it by the selector)."""
    return [assignment.get_role_display() for assignment in reservation.my_assignments]
