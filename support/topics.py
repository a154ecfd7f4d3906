"""Support topics (Partner Center's SupportTopic: id, name, description), one per request kind.

Reference data kept in code: the API lists them, the forms offer them, and a request filed under a
topic takes that topic's kind, so what approval runs follows from the topic chosen.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from support.models import RequestKind


@dataclass(frozen=True)
class SupportTopic:
    id: str
    kind: str
    name: str | Promise
    description: str | Promise


TOPICS: tuple[SupportTopic, ...] = (
    SupportTopic(
        "32630001",
        RequestKind.RESERVATION_REFUND,
        _("Reservation management - Refunds"),
        _("Billing: return an Azure reservation for a prorated refund."),
    ),
    SupportTopic(
        "32630002",
        RequestKind.RESERVATION_EXCHANGE,
        _("Reservation management - Exchanges"),
        _("Billing: exchange the unused term of an Azure reservation for a new reservation."),
    ),
    SupportTopic(
        "32630003",
        RequestKind.RESERVATION_QUESTION,
        _("Reservation management - Other questions"),
        _("Billing: any other question about an Azure reservation."),
    ),
    SupportTopic(
        "32630010",
        RequestKind.SOFTWARE_CANCELLATION,
        _("CSP Purchase/Refund on behalf of customers"),
        _("Cancel a software purchase or ask for a refund on behalf of a customer."),
    ),
    SupportTopic(
        "32630020",
        RequestKind.PARTNER_CENTER_PROBLEM,
        _("Report a problem with Partner Center"),
        _("Any other problem with Partner Center."),
    ),
)
TOPIC_BY_ID = {topic.id: topic for topic in TOPICS}
TOPIC_BY_KIND = {topic.kind: topic for topic in TOPICS}
