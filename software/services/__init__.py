"""Every software write, one module per concern, importable from here as `software.services.<name>`.

- fulfilment: commerce's fulfil hook (purchase, keys, charge);
- cancellation: the one cancellation service (page, API, admin, support) and its delayed effect;
- keys_and_downloads: revealing keys, downloads and signed links, each audited.
"""

from software.services.cancellation import (
    CANCELLATION_EFFECT,
    cancellation_take_effect,
    cancellations_take_effect,
    order_lines_cancel,
    purchase_cancel,
)
from software.services.fulfilment import purchases_fulfil
from software.services.keys_and_downloads import (
    Download,
    LinkExpired,
    PurchaseCancelled,
    download_link_create,
    download_link_redeem,
    download_links_revoke,
    product_key_reveal,
    software_download,
)

__all__ = [
    "CANCELLATION_EFFECT",
    "Download",
    "LinkExpired",
    "PurchaseCancelled",
    "cancellation_take_effect",
    "cancellations_take_effect",
    "download_link_create",
    "download_link_redeem",
    "download_links_revoke",
    "order_lines_cancel",
    "product_key_reveal",
    "purchase_cancel",
    "purchases_fulfil",
    "software_download",
]
