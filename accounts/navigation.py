"""The dashboard's top navigation, contributed by each app from its AppConfig.ready().

An entry appears only when the feature exists and the user holds its capability, so the
menu never links to an empty page.
"""

from dataclasses import dataclass

from accounts.permissions import has_capability


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    order: int
    capability: str | None


_entries: dict[str, NavEntry] = {}


def register(*, key: str, label, url_name: str, order: int, capability: str | None = None) -> None:
    _entries[key] = NavEntry(key=key, label=label, url_name=url_name, order=order, capability=capability)


def entries_for(user) -> list[NavEntry]:
    return [
        entry
        for entry in sorted(_entries.values(), key=lambda e: e.order)
        if entry.capability is None or has_capability(user, entry.capability)
    ]
