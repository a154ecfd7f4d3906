"""How the Activity log words support request records (registered by SupportConfig)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIVITY_LABELS = {
    "create_service_request": gettext_lazy("Created a service request"),
    "update_service_request": gettext_lazy("Updated a service request"),
    "decide_service_request": gettext_lazy("Decided a service request"),
}


def activity_label(record) -> str:
    """The Activity log's words for a support record (a refused one says so)."""
    label = str(ACTIVITY_LABELS[record.operation_type])
    return _("%(action)s (refused)") % {"action": label} if record.operation_status == "failed" else label
