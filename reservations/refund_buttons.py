"""The Refund and Exchange buttons of the reservation pages: links when the user may act, otherwise disabled
with the reason. The rule is the refund engine's (`refund_refusal`); only the wording of an access refusal is
the page's, because the engine's says "this change" where the button needs "refunds or exchanges"."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from partnercenter.errors import Forbidden
from reservations.models import Reservation
from reservations.services.refunds import refund_refusal


@dataclass(frozen=True)
class RefundActions:
    allowed: bool
    reason: str = ""


def refund_actions(user, reservation: Reservation) -> RefundActions:
    """Whether `user` may ask for a refund or exchange of `reservation` now, and why not."""
    error = refund_refusal(actor=user, reservation=reservation)
    if error is None:
        return RefundActions(allowed=True)
    if error.status == Forbidden.status:
        return RefundActions(
            allowed=False,
            reason=_(
                "Your access to this reservation does not allow refunds or exchanges: an Owner or a Reservations "
                "Administrator can ask for one."
            ),
        )
    return RefundActions(allowed=False, reason=error.description)
