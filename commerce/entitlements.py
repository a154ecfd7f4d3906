"""Which app answers `GET /v1/customers/{id}/entitlements?entitlementType=...`, without commerce importing it.

Each product owner registers a source from its AppConfig.ready(): software for `software`,
reservations for `reservedInstance`. A source lists the partner's customer's rows (a queryset, so
the collection pages by keyset) and renders one row as Partner Center's Entitlement.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EntitlementSource:
    rows: Callable  # (*, partner, customer) -> QuerySet
    render: Callable  # (row, *, show_expiry: bool) -> dict
    order: tuple[str, ...] = ("id",)


_sources: dict[str, EntitlementSource] = {}


def register(entitlement_type: str, source: EntitlementSource) -> None:
    _sources[entitlement_type.lower()] = source


def source_for(entitlement_type: str) -> EntitlementSource | None:
    return _sources.get(str(entitlement_type or "").lower())


def entitlement_types() -> list[str]:
    return sorted(_sources)
