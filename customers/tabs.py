"""Tabs of the customer detail page, contributed by the apps that own them (software, orders, ...)."""

from dataclasses import dataclass

from accounts.permissions import has_capability


@dataclass(frozen=True)
class CustomerTab:
    key: str
    label: str
    url_name: str
    order: int
    capability: str | None


_tabs: dict[str, CustomerTab] = {}


def register(*, key: str, label, url_name: str, order: int, capability: str | None = None) -> None:
    """Add a tab; `url_name` must take the customer's `tenant_id` as its only argument."""
    _tabs[key] = CustomerTab(key=key, label=label, url_name=url_name, order=order, capability=capability)


def tabs_for(user) -> list[CustomerTab]:
    return [
        tab
        for tab in sorted(_tabs.values(), key=lambda t: t.order)
        if tab.capability is None or has_capability(user, tab.capability)
    ]
