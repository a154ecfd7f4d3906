"""Filing requests: validation, numbering, tenancy of reads, and attachments the server decides about."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnercenter.models import AuditRecord
from support import selectors, services
from support.errors import AttachmentRefused, ServiceRequestNotFound, SupportError, SupportForbidden
from support.models import RequestKind, Status
from support.services.attachments import name_sanitize
from tests.factories import CustomerUserFactory
from tests.support.conftest import CONTACT, file_problem, file_refund

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name, content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_problem_report_keeps_its_files_privately_under_random_names(admin_agent_a, private_attachments):
    request = file_problem(admin_agent_a, files=[upload("invoice.pdf"), upload("screen.png", PNG, "text/html")])

    first, second = request.attachments.order_by("id")
    assert (first.original_name, first.content_type, first.size) == ("invoice.pdf", "application/pdf", len(PDF))
    assert second.content_type == "image/png"  # decided by the server, not the client's header
    assert "invoice" not in first.file.name
    assert first.file.path.startswith(str(private_attachments))
    with open(first.file.path, "rb") as stored:
        assert stored.read() == PDF
    with pytest.raises(ValueError):
        first.file.url  # noqa: B018 - private: no URL at all
    assert AuditRecord.objects.filter(operation_type="create_service_request").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("../../etc/passwd", PDF, "needs a name and an extension"),  # Django already kept only "passwd"
        ("..\\boot.ini", PDF, "must not contain a path"),
        ("a\x00.pdf", PDF, "control characters"),
        ("report.exe", b"MZ\x90\x00", "not allowed"),
        ("page.html", b"<html></html>", "not allowed"),
        ("drawing.svg", b"<svg/>", "not allowed"),
        ("fake.pdf", b"MZ\x90\x00", "is not the application/pdf"),
        ("fake.png", PDF, "is not the image/png"),
        ("notes.txt", b"\xff\xfe\x00binary", "is not UTF-8 text"),
        ("empty.pdf", b"", "is empty"),
        ("noextension", PDF, "needs a name and an extension"),
    ],
)
def test_hostile_or_wrong_files_are_refused_and_nothing_is_filed(admin_agent_a, name, content, message):
    with pytest.raises(AttachmentRefused, match=message):
        file_problem(admin_agent_a, files=[upload(name, content)])

    assert not selectors.request_list(actor=admin_agent_a).exists()


@pytest.mark.parametrize("raw", ["../../etc/passwd.pdf", "/etc/passwd.txt", "..", "a/../b.pdf", "C:\\x\\y.pdf"])
def test_a_name_with_a_path_is_refused_whatever_the_upload_layer_did(raw):
    with pytest.raises(AttachmentRefused, match="must not contain a path"):
        name_sanitize(raw)


def test_unusual_characters_are_replaced_and_long_names_shortened(admin_agent_a):
    request = file_problem(admin_agent_a, files=[upload("<script>.png", PNG), upload("x" * 300 + ".pdf")])

    scripted, long = request.attachments.order_by("id")
    assert scripted.original_name == "_script_.png"
    assert len(long.original_name) == 100 and long.original_name.endswith(".pdf")


def test_a_file_over_the_size_limit_is_refused(admin_agent_a, settings):
    settings.SUPPORT_ATTACHMENT_MAX_BYTES = 1024

    with pytest.raises(AttachmentRefused, match=r"larger than 1\.0\xa0KB"):
        file_problem(admin_agent_a, files=[upload("big.pdf", PDF + b"0" * 1024)])


def test_a_request_holds_at_most_the_configured_number_of_files(admin_agent_a, settings):
    settings.SUPPORT_ATTACHMENT_MAX_FILES = 2
    request = file_problem(admin_agent_a, files=[upload("a.pdf"), upload("b.pdf")])

    with pytest.raises(AttachmentRefused, match="at most 2 files"):
        services.note_add(request=request, actor=admin_agent_a, text="One more", files=[upload("c.pdf")])
    assert request.attachments.count() == 2 and request.notes.count() == 0


def test_a_purchase_refund_request_names_an_order_of_the_customer(admin_agent_a, customer_a, customer_b):
    with pytest.raises(SupportError, match="names the customer and the order id"):
        file_problem(admin_agent_a, customer_a, kind=RequestKind.SOFTWARE_CANCELLATION)
    with pytest.raises(SupportError, match="No order 123 for this customer"):
        file_problem(admin_agent_a, customer_a, kind=RequestKind.SOFTWARE_CANCELLATION, order_id="123")
    with pytest.raises(ServiceRequestNotFound):
        file_problem(admin_agent_a, customer_b)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Title is required"),
        ({"title": "t" * 201}, "Title is limited to 200"),
        ({"severity": "urgent"}, "severity must be one of"),
        ({"amount_requested": "12,5", "currency": "EUR"}, "must be a number"),
        ({"amount_requested": "-1", "currency": "EUR"}, "zero or more"),
        ({"amount_requested": "10", "currency": ""}, "needs its currency"),
    ],
)
def test_bad_report_fields_are_refused(admin_agent_a, fields, message):
    with pytest.raises(SupportError, match=message):
        file_problem(admin_agent_a, **fields)


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ({**CONTACT, "email": "not-an-address"}, "valid contact e-mail"),
        ({**CONTACT, "method": "phone", "phone": ""}, "Contact phone is required"),
        ({**CONTACT, "method": "fax"}, "contact method must be one of"),
        ({**CONTACT, "language": "xx-XX"}, "contact language must be one of"),
        ({**CONTACT, "time_zone": "Mars/Olympus"}, "Unknown time zone"),
        ({**CONTACT, "name": ""}, "Contact name is required"),
    ],
)
def test_bad_contact_details_are_refused(admin_agent_a, contact, message):
    with pytest.raises(SupportError, match=message):
        services.problem_report_create(
            actor=admin_agent_a,
            kind=RequestKind.PARTNER_CENTER_PROBLEM,
            title="t",
            description="d",
            severity="minimal",
            contact=contact,
        )


def test_only_roles_that_file_may_file(make_user, buy, customer_a):
    from accounts.models import Role

    reservation = buy(customer_a)
    for role in (Role.SALES_AGENT, Role.BILLING_ADMIN, Role.ACCOUNT_ADMIN):
        with pytest.raises(SupportForbidden):
            file_refund(make_user(role), reservation)
    for role in (Role.GLOBAL_ADMIN, Role.ADMIN_AGENT, Role.HELPDESK_AGENT):
        assert file_refund(make_user(role), reservation).status == Status.OPEN


def test_another_partners_requests_and_files_are_not_found(admin_agent_a, admin_agent_b, staff):
    request = file_problem(admin_agent_a, files=[upload("a.pdf")])
    attachment = request.attachments.get()

    assert not selectors.request_list(actor=admin_agent_b).exists()
    with pytest.raises(ServiceRequestNotFound):
        selectors.request_get(actor=admin_agent_b, number=request.number)
    with pytest.raises(ServiceRequestNotFound):
        selectors.attachment_get(actor=admin_agent_b, request_number=request.number, attachment_id=attachment.pk)
    with pytest.raises(SupportForbidden):
        services.note_add(request=request, actor=admin_agent_b, text="Hello")
    assert selectors.attachment_get(actor=staff, request_number=request.number, attachment_id=attachment.pk)
    assert selectors.request_get(actor=admin_agent_a, number=request.number) == request


def test_a_customer_user_reads_only_its_customers_requests(admin_agent_a, customer_a, partner_a):
    about_customer = file_problem(admin_agent_a, customer_a)
    file_problem(admin_agent_a)  # about the partner itself
    customer_user = CustomerUserFactory(customer=customer_a)

    assert list(selectors.request_list(actor=customer_user)) == [about_customer]
    services.note_add(request=about_customer, actor=admin_agent_a, text="Log", files=[upload("log.txt", b"ok")])
    with pytest.raises(ServiceRequestNotFound):
        selectors.attachment_get(
            actor=customer_user, request_number=about_customer.number, attachment_id=about_customer.attachments.get().pk
        )


def test_reservation_of_another_customer_is_not_found(buy, customer_a, us_customer, admin_agent_a):
    reservation = buy(us_customer)

    with pytest.raises(ServiceRequestNotFound):
        services.reservation_request_create(
            actor=admin_agent_a,
            customer=customer_a,
            reservation=reservation,
            kind=RequestKind.RESERVATION_REFUND,
            basics={"title": "t"},
            problem={"description": "d"},
            contact=CONTACT,
        )


def test_refusals_and_labels_read_in_italian(admin_agent_a):
    from django.utils import translation

    with translation.override("it"), pytest.raises(AttachmentRefused) as refused:
        file_problem(admin_agent_a, files=[upload("report.exe", b"MZ")])

    assert refused.value.description.startswith("I file di questo tipo non sono consentiti")
    with translation.override("it"):
        assert str(Status.ATTENTION_NEEDED.label) == "Attenzione necessaria"
