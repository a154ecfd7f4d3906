"""Changing a reservation: scope and applied subscription, name, auto-renew, instance flexibility,
Azure Hybrid Benefit. One service for the Configuration page, Azure's PATCH and the admin."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import ReservationAccess
from arm.resources import if_match_allows
from partnercenter import clock
from partnercenter.audit import audit_record_write
from reservations import selectors
from reservations.errors import (
    InvalidStateTransition,
    MissingSingleScopeSubscription,
    PreconditionFailed,
    ReservationError,
    ReservationForbidden,
)
from reservations.models import AppliedScopeType, InstanceFlexibility, Reservation, ReservedResourceType
from reservations.services.purchase import customer_subscription, scope_parse
from reservations.services.validation import display_name_clean

UNCHANGED = object()


def _flag(value, name: str) -> bool:
    if not isinstance(value, bool):
        raise ReservationError(_("%(name)s must be true or false.") % {"name": name}, error_name="InvalidValue")
    return value


def access_require(*, actor, reservation: Reservation, level: ReservationAccess) -> None:
    """Refuse (ReservationForbidden) an actor whose access to the reservation is below `level`.

    `actor` None is the system. The reservation must have been read for this actor (tenant scoped).
    """
    if actor is None:
        return
    if selectors.access_of(actor, reservation) < level:
        raise ReservationForbidden(_("Your access to this reservation does not allow this change."))


def _changes(reservation: Reservation, *, scope, subscription_id, display_name, renew, flexibility, hybrid) -> dict:
    """The fields to change, validated; an empty dict when nothing changes."""
    wanted: dict = {}
    if scope is not UNCHANGED or subscription_id is not UNCHANGED:
        scope_type = scope_parse(scope) if scope is not UNCHANGED else reservation.applied_scope_type
        if scope_type == AppliedScopeType.SINGLE:
            if subscription_id is UNCHANGED:
                subscription = reservation.applied_subscription
            elif subscription_id in (None, ""):
                subscription = None
            else:
                subscription = customer_subscription(customer=reservation.customer, value=subscription_id)
            if subscription is None:
                raise MissingSingleScopeSubscription(
                    _("A Single scope needs the Azure subscription the reservation applies to.")
                )
        else:
            subscription = None
        wanted["applied_scope_type"] = scope_type
        wanted["applied_subscription"] = subscription
    if display_name is not UNCHANGED:
        wanted["display_name"] = display_name_clean(display_name)
    if renew is not UNCHANGED:
        wanted["renew"] = _flag(renew, "renew")
    is_vm = reservation.reserved_resource_type == ReservedResourceType.VIRTUAL_MACHINES
    if flexibility is not UNCHANGED:
        value = str(flexibility or "").strip().capitalize()
        if value not in InstanceFlexibility.values:
            raise ReservationError(_("Instance size flexibility is On or Off."), error_name="InvalidValue")
        if not is_vm and value == InstanceFlexibility.OFF:
            raise ReservationError(
                _("Instance size flexibility applies to virtual machine reservations only."), error_name="InvalidValue"
            )
        wanted["instance_flexibility"] = value
    if hybrid is not UNCHANGED:
        if _flag(hybrid, "hybridBenefit") and not is_vm:
            raise ReservationError(
                _("Azure Hybrid Benefit applies to virtual machine reservations only."), error_name="InvalidValue"
            )
        wanted["hybrid_benefit"] = hybrid
    return {name: value for name, value in wanted.items() if getattr(reservation, name) != value}


def _audit_value(reservation: Reservation, names) -> dict:
    values = {}
    for name in names:
        value = getattr(reservation, name)
        values[name] = str(value.subscription_id) if hasattr(value, "subscription_id") else value
    return values


def reservation_update(
    *,
    reservation: Reservation,
    actor,
    applied_scope_type=UNCHANGED,
    applied_subscription_id=UNCHANGED,
    display_name=UNCHANGED,
    renew=UNCHANGED,
    instance_flexibility=UNCHANGED,
    hybrid_benefit=UNCHANGED,
    if_match: str | None = None,
) -> Reservation:
    """Change any of the reservation's settings at once; arguments left out stay as they are.

    `if_match` (Azure's If-Match header: ETags or `*`) is compared with the etag under the lock; another
    etag is refused with PreconditionFailed (412), so a client cannot overwrite a change it has not seen.

    Needs MANAGE access (a Reservations Reader is refused with ReservationForbidden, 403); only an
    active reservation changes (InvalidStateTransition, 409). Single scope needs one of the
    customer's active subscriptions (MissingAppliedScopesForSingle, InvalidAzureSubscription).
    Nothing to change writes nothing. Otherwise the row is locked, updated with a new etag and an
    `update_reservation` audit record (old and new values). Returns the reservation as stored.
    """
    access_require(actor=actor, reservation=reservation, level=ReservationAccess.MANAGE)
    with transaction.atomic():
        locked = (
            Reservation.objects.select_for_update(of=("self",))
            .select_related("partner", "customer", "order", "applied_subscription")
            .get(pk=reservation.pk)
        )
        if not if_match_allows(if_match, locked.etag):
            raise PreconditionFailed(
                _("Reservation %(name)s has changed (its etag is now %(etag)s): read it again before changing it.")
                % {"name": locked.display_name, "etag": locked.etag}
            )
        if not locked.is_active:
            raise InvalidStateTransition(
                _("Reservation %(name)s is %(state)s and can no longer be changed.")
                % {"name": locked.display_name, "state": locked.get_provisioning_state_display()}
            )
        changes = _changes(
            locked,
            scope=applied_scope_type,
            subscription_id=applied_subscription_id,
            display_name=display_name,
            renew=renew,
            flexibility=instance_flexibility,
            hybrid=hybrid_benefit,
        )
        if not changes:
            return locked
        old = _audit_value(locked, changes)
        now = clock.now(locked.partner)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.etag += 1
        locked.last_updated_at = now
        locked.save(update_fields=[*changes, "etag", "last_updated_at"])
        audit_record_write(
            partner=locked.partner,
            actor=actor,
            operation_type="update_reservation",
            resource_type="azure_reservation",
            customer=locked.customer,
            old_value=old,
            new_value=_audit_value(locked, changes),
            customized_data={"ReservationId": locked.reservation_id, "Changed": ", ".join(sorted(changes))},
            when=now,
        )
    return locked
