"""The sections of a customer's Add products (Software, Azure reservations), contributed by the apps that sell them.

Commerce registers its software page; the reservations app registers its own from AppConfig.ready(), so
commerce never imports it. The customer page's Add products button opens the first section the user may use.
"""

from dataclasses import dataclass

from accounts.permissions import has_capability


@dataclass(frozen=True)
class AddProductsSection:
    key: str
    label: str
    url_name: str
    order: int
    capability: str


_sections: dict[str, AddProductsSection] = {}


def register(*, key: str, label, url_name: str, order: int, capability: str) -> None:
    """Add a section; `url_name` must take the customer's `tenant_id` as its only argument."""
    _sections[key] = AddProductsSection(key=key, label=label, url_name=url_name, order=order, capability=capability)


def sections_for(user) -> list[AddProductsSection]:
    return [
        section
        for section in sorted(_sections.values(), key=lambda s: s.order)
        if has_capability(user, section.capability)
    ]
