"""How the Activity log words refund and exchange records (registered by ReservationsConfig)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

ACTIVITY_LABELS = {
    "calculate_refund": _lazy("Calculated a reservation refund"),
    "return_reservation": _lazy("Returned a reservation"),
    "calculate_exchange": _lazy("Calculated a reservation exchange"),
    "exchange_reservation": _lazy("Exchanged a reservation"),
}


def activity_label(record) -> str:
    """The Activity log's words for a refund or exchange record (a refused one says so)."""
    label = str(ACTIVITY_LABELS[record.operation_type])
    return _("%(action)s (refused)") % {"action": label} if record.operation_status == "failed" else label
