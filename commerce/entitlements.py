"""Which app answers `GET /v1/customers/{id}/entitlements?entitlementType=...`, without commerce importing it.

Each product owner registers a source from its AppConfig.ready(): software for `software`,
reservations for `reservedInstance`. A source lists the partner's customer's rows (a queryset, so
the collection pages by keyset) and renders one row as Partner Center's Entitlement.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from commerce.errors import CommerceError


@dataclass(frozen=True)
class EntitlementSource:
    rows: Callable  # (*, partner, customer) -> QuerySet
    render: Callable  # (row, *, show_expiry: bool) -> dict
    order: tuple[str, ...] = ("id",)


_sources: dict[str, EntitlementSource] = {}
_names: dict[str, str] = {}  # as registered, e.g. reservedInstance


def register(entitlement_type: str, source: EntitlementSource) -> None:
    _sources[entitlement_type.lower()] = source
    _names[entitlement_type.lower()] = entitlement_type


def source_for(entitlement_type: str) -> EntitlementSource | None:
    return _sources.get(str(entitlement_type or "").lower())


def source_get(entitlement_type: str) -> EntitlementSource:
    """The source of a registered type (any case); another type is refused with InvalidEntitlementType."""
    source = source_for(entitlement_type)
    if source is None:
        raise CommerceError(
            800002,
            _("entitlementType must be one of: %(types)s.") % {"types": ", ".join(sorted(_names.values()))},
            error_name="InvalidEntitlementType",
        )
    return source
