"""The dashboard's navigation, contributed by each app from its AppConfig.ready().

An entry appears only when the feature exists and the user holds its capability, so the
menu never links to an empty page. Entries sit in the top bar (`main`) or, as in Partner
Center, behind the gear at the top right (`settings`: the activity log).
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
    menu: str = "main"


MENUS = ("main", "settings")
_entries: dict[str, NavEntry] = {}


def register(*, key: str, label, url_name: str, order: int, capability: str | None = None, menu: str = "main") -> None:
    if menu not in MENUS:
        raise ValueError(f"Unknown menu {menu!r}: one of {MENUS}.")
    _entries[key] = NavEntry(key=key, label=label, url_name=url_name, order=order, capability=capability, menu=menu)


def entries_for(user, *, menu: str | None = None) -> list[NavEntry]:
    """The entries the user may open, in order; of one menu, or of all (the user's start page)."""
    return [
        entry
        for entry in sorted(_entries.values(), key=lambda e: e.order)
        if (menu is None or entry.menu == menu) and (entry.capability is None or has_capability(user, entry.capability))
    ]
