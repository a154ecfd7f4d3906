"""Demo support requests for `seed_demo`: an open refund request about a reservation, a software
cancellation request on which support asked for information, and a rejected problem report.

Filed and worked through the support services (an admin agent files, the operator's account works
them). Safe to run again: a partner that already has support requests is skipped.
"""

from django.db import transaction

from accounts.models import Role, User
from reservations.models import Reservation
from software.models import SoftwarePurchase
from support import services
from support.models import RequestKind, SupportRequest


def _contact(user: User) -> dict:
    return {"method": "email", "name": "Demo Admin Agent", "email": user.email, "language": "en-US"}


@transaction.atomic
def seed_support(partner, *, operator: User) -> int:
    """A few requests for the partner's demo customers; returns the number created."""
    if SupportRequest.objects.filter(partner=partner).exists():
        return 0
    agent = User.objects.filter(partner=partner, roles__role=Role.ADMIN_AGENT).order_by("id").first()
    if agent is None:
        return 0
    created = 0
    reservation = Reservation.objects.filter(partner=partner).select_related("customer", "order").order_by("id").first()
    if reservation is not None:
        services.reservation_request_create(
            actor=agent,
            customer=reservation.customer,
            reservation=reservation,
            kind=RequestKind.RESERVATION_REFUND,
            quantity=1,
            basics={"title": "Refund one unit of an unused reservation", "severity": "moderate"},
            problem={"description": "The workload moved to another region.", "reason": "Workload moved"},
            contact=_contact(agent),
        )
        created += 1
    purchase = (
        SoftwarePurchase.objects.filter(partner=partner).select_related("order_line__order").order_by("id").first()
    )
    if purchase is not None:
        request = services.problem_report_create(
            actor=agent,
            customer=purchase.customer,
            kind=RequestKind.SOFTWARE_CANCELLATION,
            title="Cancel a software purchase after the window",
            description=f"Customer {purchase.customer.tenant_id}: the order was placed by mistake.",
            severity="minimal",
            order_id=purchase.order_line.order.order_id,
            reason="Ordered by mistake",
            contact=_contact(agent),
        )
        services.information_ask(request=request, staff=operator, text="Has the software been installed?")
        created += 1
    problem = services.problem_report_create(
        actor=agent,
        kind=RequestKind.PARTNER_CENTER_PROBLEM,
        title="The invoice page is slow",
        description="Opening an invoice takes a long time.",
        severity="minimal",
        contact=_contact(agent),
    )
    services.request_reject(request=problem, staff=operator, reason="Not reproducible: please send a screenshot.")
    return created + 1
