"""Access control (IAM) on a reservation: add and remove role assignments.

Only an actor with Owner access (a global admin or admin agent of the partner, an Owner assignee,
the operator) changes assignments. A principal is a partner user of the reservation's partner or
a user of its customer. A removal takes effect at once: access is read from the assignments on
every request.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import ReservationAccess, ReservationRole
from partnercenter import clock
from partnercenter.audit import actor_fields, audit_record_write
from reservations.errors import PrincipalNotFound, ReservationError, RoleAssignmentExists, RoleAssignmentNotFound
from reservations.models import Reservation, ReservationRoleAssignment
from reservations.services.management import access_require


def _principal(*, reservation: Reservation, user_id) -> User:
    try:
        user_id = int(user_id)
    except (TypeError, ValueError) as exc:
        raise PrincipalNotFound(_("Choose a user of the partner or of the customer.")) from exc
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not (user.partner_id == reservation.partner_id or user.customer_id == reservation.customer_id):
        raise PrincipalNotFound(_("Choose a user of the partner or of the customer."))
    return user


def _audit(
    *, reservation: Reservation, actor, operation_type: str, assignment: ReservationRoleAssignment, when
) -> None:
    value = {
        "assignmentId": str(assignment.assignment_id),
        "principal": assignment.user.username,
        "role": assignment.role,
        "reservationId": str(reservation.reservation_id),
    }
    audit_record_write(
        partner=reservation.partner,
        actor=actor,
        operation_type=operation_type,
        resource_type="azure_reservation",
        customer=reservation.customer,
        old_value=value if operation_type.startswith("remove") else None,
        new_value=None if operation_type.startswith("remove") else value,
        customized_data={"ReservationId": reservation.reservation_id, "Role": assignment.role},
        when=when,
    )


def role_assignment_add(*, reservation: Reservation, actor, user_id, role: str) -> ReservationRoleAssignment:
    """Give a user a role on the reservation (Owner, Reservations Administrator, Reservations Reader).

    Refuses: actor without Owner access (403), an unknown role, a user outside the partner and the
    customer (PrincipalNotFound), the same user and role twice (RoleAssignmentExists, 409).
    """
    access_require(actor=actor, reservation=reservation, level=ReservationAccess.OWNER)
    if role not in {r.value for r in ReservationRole}:
        raise ReservationError(
            _("The role must be Owner, Reservations Administrator or Reservations Reader."), error_name="InvalidRole"
        )
    user = _principal(reservation=reservation, user_id=user_id)
    now = clock.now(reservation.partner)
    with transaction.atomic():
        try:
            with transaction.atomic():
                assignment = ReservationRoleAssignment.objects.create(
                    reservation=reservation,
                    user=user,
                    role=str(role),
                    created_at=now,
                    created_by=actor_fields(actor).get("user_principal_name", "system"),
                )
        except IntegrityError as exc:
            raise RoleAssignmentExists(
                _("%(user)s already holds this role on the reservation.") % {"user": user.username}
            ) from exc
        _audit(
            reservation=reservation, actor=actor, operation_type="add_reservation_role", assignment=assignment, when=now
        )
    return assignment


def role_assignment_remove(*, reservation: Reservation, actor, assignment_id) -> None:
    """Remove one role assignment of the reservation; effective for the next request of that user.

    Refuses: actor without Owner access (403); an assignment not on this reservation (404).
    """
    access_require(actor=actor, reservation=reservation, level=ReservationAccess.OWNER)
    with transaction.atomic():
        try:
            assignment = (
                ReservationRoleAssignment.objects.select_for_update(of=("self",))
                .select_related("user")
                .get(reservation=reservation, assignment_id=assignment_id)
            )
        except (ReservationRoleAssignment.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
            raise RoleAssignmentNotFound(_("No such role assignment on this reservation.")) from exc
        now = clock.now(reservation.partner)
        _audit(
            reservation=reservation,
            actor=actor,
            operation_type="remove_reservation_role",
            assignment=assignment,
            when=now,
        )
        assignment.delete()
