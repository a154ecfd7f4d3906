"""How commerce hands order lines to the app that owns their product type, without importing it.

The software app (and later reservations) registers a `LineHandler` from its AppConfig.ready().
`fulfil` runs inside the order's transaction right after the lines are written (create the
purchase, post the charge) and leaves the order and its lines as written (the order is answered
from the rows commerce wrote); `cancel` runs the owning app's cancellation service for some lines of
one order, which commerce has locked (the order and all its lines, read under the lock, in the
caller's transaction), and raises a CommerceError (with a Partner Center error code) when a rule
refuses: returning confirms the cancellation of every line it was given.
"""

from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from commerce.errors import CommerceError


class FulfilFn(Protocol):
    def __call__(self, *, order, lines, actor) -> None: ...


class CancelFn(Protocol):
    def __call__(self, *, order, lines, actor) -> None: ...


@dataclass(frozen=True)
class LineHandler:
    fulfil: FulfilFn
    cancel: CancelFn


_handlers: dict[str, LineHandler] = {}


def register(product_type: str, handler: LineHandler) -> None:
    _handlers[product_type] = handler


def handler_for(product_type: str) -> LineHandler:
    try:
        return _handlers[product_type]
    except KeyError as exc:
        raise CommerceError(
            800002, _("Products of type %(type)s cannot be ordered here.") % {"type": product_type}
        ) from exc
