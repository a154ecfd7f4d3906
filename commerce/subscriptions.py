"""Which apps answer `GET /v1/customers/{id}/subscriptions`, without commerce importing them.

Partner Center's Subscription collection mixes product types: the Azure plan (reservations) and the
software subscriptions and software plans (software; perpetual licences are not subscriptions). Each
owner registers a source from its AppConfig.ready(); the collection lists every source's rows, one
source after the other in the order of their names, each paged by keyset.
"""

from collections.abc import Callable
from dataclasses import dataclass

from partnercenter.errors import NotFound


@dataclass(frozen=True)
class SubscriptionSource:
    rows: Callable  # (*, partner, customer) -> QuerySet
    get: Callable  # (*, partner, customer, subscription_id: str) -> row; NotFound when not this source's
    render: Callable  # (row) -> dict, Partner Center's Subscription
    order: tuple[str, ...] = ("id",)


_sources: dict[str, SubscriptionSource] = {}


def register(kind: str, source: SubscriptionSource) -> None:
    _sources[kind] = source


def sources() -> list[tuple[str, SubscriptionSource]]:
    """Every registered source, in a stable order (the collection's paging depends on it)."""
    return sorted(_sources.items())


def subscription_get(*, partner, customer, subscription_id: str) -> tuple[SubscriptionSource, object]:
    """The source that holds `subscription_id` for the partner's customer, and its row; 404 otherwise."""
    for _kind, source in sources():
        try:
            return source, source.get(partner=partner, customer=customer, subscription_id=subscription_id)
        except NotFound:
            continue
    raise NotFound("No such subscription.")
