"""Reads of support requests, always scoped: a partner's users see their partner's requests, a customer's
users their customer's, the operator's staff every request; anything else reads as not found."""

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from accounts.permissions import is_operator
from support.errors import ServiceRequestNotFound
from support.models import SupportAttachment, SupportRequest
from support.topics import TOPICS, SupportTopic


def _visible(actor) -> QuerySet[SupportRequest]:
    requests = SupportRequest.objects.select_related("partner", "customer", "created_by", "decided_by")
    if is_operator(actor):
        return requests
    if getattr(actor, "is_customer_user", False):
        return requests.filter(customer_id=actor.customer_id)
    if getattr(actor, "is_partner_user", False):
        return requests.filter(partner_id=actor.partner_id)
    return requests.none()


def request_list(*, actor, customer=None, status: str = "") -> QuerySet[SupportRequest]:
    """The actor's requests, newest first (of one customer when given; of one status when given)."""
    requests = _visible(actor)
    if customer is not None:
        requests = requests.filter(customer=customer)
    if status:
        requests = requests.filter(status=status)
    return requests.annotate(attachment_count=Count("attachments")).order_by("-created_at", "-id")


def request_get(*, actor, number: str) -> SupportRequest:
    """One request with its notes and attachments; ServiceRequestNotFound (404) outside the actor's tenant."""
    try:
        return _visible(actor).prefetch_related("notes__author", "attachments").get(number=str(number or "")[:16])
    except SupportRequest.DoesNotExist as exc:
        raise ServiceRequestNotFound(
            _("Service request %(number)s was not found.") % {"number": str(number)[:40]}
        ) from exc


def attachment_get(*, actor, request_number: str, attachment_id) -> SupportAttachment:
    """One file of a request, for the request's partner or support staff only (a customer's users read the
    thread, not the files); 404 otherwise."""
    if getattr(actor, "is_customer_user", False):
        raise ServiceRequestNotFound(_("No such attachment."))
    request = request_get(actor=actor, number=request_number)
    try:
        return request.attachments.get(pk=int(attachment_id))
    except (SupportAttachment.DoesNotExist, TypeError, ValueError) as exc:
        raise ServiceRequestNotFound(_("No such attachment.")) from exc


def support_topics() -> tuple[SupportTopic, ...]:
    return TOPICS
