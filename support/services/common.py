"""What every support service shares: who acts, the request lock, numbers, notes and audit records."""

from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.permissions import can_decide_support_requests, can_file_support_request, is_operator
from partnercenter import clock
from partnercenter.audit import audit_record_write
from support.errors import ServiceRequestClosed, SupportError, SupportForbidden
from support.models import AuthorKind, ContactMethod, RequestNumber, Severity, Status, SupportNote, SupportRequest

TEXT_LIMIT = 10_000
TITLE_LIMIT = 200
LANGUAGES = ("en-US", "it-IT", "de-DE", "fr-FR", "es-ES")


def user_of(actor):
    """The acting person to store on a row: None for the system and for app-only API applications."""
    if actor is None or getattr(actor, "is_application", False) or getattr(actor, "pk", None) is None:
        return None
    return actor


def author_kind_of(actor) -> str:
    return AuthorKind.STAFF if is_operator(actor) else AuthorKind.PARTNER


def filer_require(*, actor, partner) -> None:
    """Only users of the request's partner with the filing capability (or support staff, for notes) act."""
    if not can_file_support_request(actor) or getattr(actor, "partner_id", None) != partner.pk:
        raise SupportForbidden(_("Access denied: your roles do not allow filing support requests."))


def filer_partner(actor):
    """The partner a user files for; SupportForbidden for anyone who may not file."""
    if not can_file_support_request(actor):
        raise SupportForbidden(_("Access denied: your roles do not allow filing support requests."))
    return actor.partner


def party_require(*, actor, request: SupportRequest) -> None:
    """The request's own partner (a user who may file) or the operator's staff."""
    if is_operator(actor):
        return
    filer_require(actor=actor, partner=request.partner)


def staff_require(actor) -> None:
    if not can_decide_support_requests(actor):
        raise SupportForbidden(_("Access denied: only Microsoft support staff decide support requests."))


def request_lock(request: SupportRequest) -> SupportRequest:
    """The request, locked for this transaction; ServiceRequestClosed when it is already closed."""
    locked = (
        SupportRequest.objects.select_for_update(of=("self",)).select_related("partner", "customer").get(pk=request.pk)
    )
    if locked.status == Status.CLOSED:
        raise ServiceRequestClosed(_("Service request %(number)s is closed.") % {"number": locked.number})
    return locked


def number_next(*, partner) -> str:
    """Partner Center style: 16 digits, the filing day (YYMMDD, partner clock) and a 10-digit sequence."""
    sequence = RequestNumber.objects.create().pk
    return f"{clock.now(partner):%y%m%d}{sequence % 10**10:010d}"


def text_clean(value, *, field: str, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise SupportError(_("%(field)s must not contain NUL characters.") % {"field": field})
    if required and not text:
        raise SupportError(_("%(field)s is required.") % {"field": field})
    if len(text) > limit:
        raise SupportError(_("%(field)s is limited to %(limit)s characters.") % {"field": field, "limit": limit})
    return text


def severity_clean(value) -> str:
    value = str(value or Severity.MINIMAL)
    if value not in Severity.values:
        raise SupportError(_("The severity must be one of: %(values)s.") % {"values": ", ".join(Severity.values)})
    return value


def contact_clean(contact: dict) -> dict:
    """The contact step: method, name, e-mail (always), phone (when the method is phone), language, time zone."""
    method = str(contact.get("method") or ContactMethod.EMAIL)
    if method not in ContactMethod.values:
        raise SupportError(
            _("The contact method must be one of: %(values)s.") % {"values": ", ".join(ContactMethod.values)}
        )
    email = text_clean(contact.get("email"), field=_("Contact e-mail"), limit=254)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise SupportError(_("Enter a valid contact e-mail address.")) from exc
    phone = text_clean(contact.get("phone"), field=_("Contact phone"), required=method == ContactMethod.PHONE, limit=40)
    language = str(contact.get("language") or "en-US")
    if language not in LANGUAGES:
        raise SupportError(_("The contact language must be one of: %(values)s.") % {"values": ", ".join(LANGUAGES)})
    time_zone = str(contact.get("time_zone") or "UTC")
    if time_zone not in available_timezones():
        raise SupportError(_("Unknown time zone: %(zone)s.") % {"zone": time_zone[:64]})
    return {
        "contact_method": method,
        "contact_name": text_clean(contact.get("name"), field=_("Contact name"), limit=200),
        "contact_email": email,
        "contact_phone": phone,
        "contact_language": language,
        "contact_time_zone": time_zone,
    }


def note_write(*, request: SupportRequest, actor, text: str, kind: str, asks: bool = False) -> SupportNote:
    return SupportNote.objects.create(
        request=request,
        author=user_of(actor),
        author_kind=kind,
        text=text,
        created_at=clock.now(request.partner),
        asks_for_information=asks,
    )


def summary(request: SupportRequest) -> dict:
    """The request as audit records keep it."""
    return {
        "id": request.number,
        "kind": request.kind,
        "status": request.status,
        "outcome": request.outcome,
        "creditedAmount": str(request.credited_amount) if request.credited_amount is not None else None,
        "creditedCurrency": request.credited_currency,
    }


def audit(*, request: SupportRequest, actor, operation_type: str, old=None, data: dict | None = None) -> None:
    audit_record_write(
        partner=request.partner,
        actor=actor,
        operation_type=operation_type,
        resource_type="service_request",
        customer=request.customer,
        old_value=old,
        new_value=summary(request),
        customized_data={"ServiceRequestId": request.number, **(data or {})},
        when=request.updated_at,
    )


def refresh_from(request: SupportRequest, locked: SupportRequest) -> None:
    """Let the caller's object show what the service saved on its locked copy."""
    fields = ("status", "outcome", "outcome_reason", "updated_at", "closed_at", "decided_at", "decided_by_id")
    for field in (*fields, "credited_amount", "credited_currency", "result_reference"):
        setattr(request, field, getattr(locked, field))
