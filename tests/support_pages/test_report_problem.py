"""Report a problem with Partner Center: the seed 001 fields, prefilled from the software cancel dialog's link,
attachments checked by support.services (size, type, name), bad input answered with form errors."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from support.models import RequestKind, SupportAttachment, SupportRequest
from tests.refunds.conftest import set_clock

pytestmark = pytest.mark.django_db

REPORT = reverse("support:report_problem")
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _form(**overrides) -> dict:
    data = {
        "kind": "software_cancellation",
        "severity": "moderate",
        "title": "Cancel after the window",
        "description": "The customer ordered the wrong edition.",
        "customer": "alpha.onmicrosoft.com",
        "order_id": "",
        "subscription_id": "",
        "reason": "Wrong edition",
        "amount_requested": "100.00",
        "currency": "eur",
        "contact_name": "Anna Rossi",
        "contact_email": "anna@alpha.example",
        "contact_phone": "+39 02 1234567",
    }
    return data | overrides


def _cancel_dialog(purchase) -> str:
    return reverse("software:cancel", args=[purchase.customer.tenant_id, purchase.pk])


def test_the_cancel_dialog_links_to_the_form_once_the_window_has_closed(
    client_as, admin_agent_a, partner_a, software_purchase
):
    client = client_as(admin_agent_a)
    order_id = software_purchase.order_line.order.order_id
    link = f"{REPORT}?customer={software_purchase.customer.tenant_id}&amp;order={order_id}"
    assert link not in client.get(_cancel_dialog(software_purchase)).content.decode()

    set_clock(partner_a, partner_a.clock_frozen_at + timedelta(days=31))
    dialog = client.get(_cancel_dialog(software_purchase) + "?partial=1").content.decode()

    assert "window for this order has closed" in dialog
    assert f'<a href="{link}" data-support-link>Customer support request</a>' in dialog


def test_opened_from_the_dialog_the_form_names_the_customer_the_order_and_the_amount(
    client_as, admin_agent_a, customer_a, software_purchase
):
    order_id = software_purchase.order_line.order.order_id
    page = client_as(admin_agent_a).get(f"{REPORT}?customer={customer_a.tenant_id}&order={order_id}")

    text = page.content.decode()
    assert page.status_code == 200
    assert '<option value="software_cancellation" selected>CSP Purchase/Refund on behalf of customers</option>' in text
    assert f'value="{customer_a.tenant_id}"' in text and f'value="{order_id}"' in text
    assert f"tenant ID {customer_a.tenant_id}, domain alpha.onmicrosoft.com" in text
    amount = software_purchase.order_line.amount
    assert f'name="amount_requested" value="{amount}"' in text
    assert f'name="currency" value="{software_purchase.order_line.currency}"' in text
    assert f"Cancel order {order_id} ({software_purchase.sku_title})" in text
    assert f'value="{admin_agent_a.email}"' in text


@pytest.mark.parametrize("query", ["customer=not-a-tenant", "customer={other}", "customer={mine}&order=NOPE"])
def test_a_foreign_or_unknown_customer_or_order_is_404(client_as, admin_agent_a, customer_a, customer_b, query):
    query = query.format(other=customer_b.tenant_id, mine=customer_a.tenant_id)
    assert client_as(admin_agent_a).get(f"{REPORT}?{query}").status_code == 404


def test_submit_files_the_request_with_its_attachment(client_as, admin_agent_a, customer_a, software_purchase):
    order_id = software_purchase.order_line.order.order_id
    upload = SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")

    response = client_as(admin_agent_a).post(REPORT, _form(order_id=order_id, files=[upload]))

    created = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("support:detail", args=[created.number])
    assert (created.kind, created.customer, created.order_id) == (
        RequestKind.SOFTWARE_CANCELLATION,
        customer_a,
        order_id,
    )
    assert (created.amount_requested, created.currency, created.contact_phone) == (
        Decimal("100.00"),
        "EUR",
        "+39 02 1234567",
    )
    attachment = created.attachments.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "invoice.pdf",
        "application/pdf",
        len(PDF),
    )


@pytest.mark.parametrize(
    "overrides,field_error",
    [
        ({"title": ""}, "This field is required."),
        ({"contact_email": "anna"}, "Enter a valid email address."),
        ({"amount_requested": "abc"}, "Enter a number."),
        ({"amount_requested": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"currency": "EURO"}, "Enter a three-letter currency code, such as EUR."),
        ({"currency": ""}, "Enter the currency of the amount requested."),
        ({"severity": "doom"}, "Select a valid choice."),
        ({"kind": "reservation_refund"}, "Select a valid choice."),
        ({"customer": "beta.onmicrosoft.com"}, "No customer of yours has this tenant ID or domain."),
    ],
)
def test_bad_input_is_a_form_error(client_as, admin_agent_a, customer_a, customer_b, overrides, field_error):
    response = client_as(admin_agent_a).post(REPORT, _form(**overrides))

    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("big.pdf", PDF + b"0" * 2048, "The file big.pdf is larger than 1.0\xa0KB."),
        ("tool.exe", b"MZ" + b"0" * 20, "Files of this type are not allowed: attach one of"),
        ("fake.pdf", b"MZ" + b"0" * 20, "The file fake.pdf is not the application/pdf its name says."),
        ("README", b"read me", "The file name needs a name and an extension."),
        ("empty.txt", b"", "The submitted file is empty."),
    ],
    ids=["too-large", "exe", "disguised", "no-extension", "empty"],
)
def test_refused_files_are_form_errors_and_nothing_is_filed(
    client_as, admin_agent_a, customer_a, settings, name, content, message
):
    settings.SUPPORT_ATTACHMENT_MAX_BYTES = 1024
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    response = client_as(admin_agent_a).post(REPORT, _form(kind="partner_center_problem", files=[upload]))

    assert response.status_code == 400
    text = response.content.decode()
    field = text.split('id="id_files"')[1]
    assert message in field.split("</div>")[0]
    assert not SupportRequest.objects.exists() and not SupportAttachment.objects.exists()


def test_more_files_than_allowed_are_refused(client_as, admin_agent_a, customer_a, settings):
    settings.SUPPORT_ATTACHMENT_MAX_FILES = 2
    files = [SimpleUploadedFile(f"n{i}.txt", b"note", content_type="text/plain") for i in range(3)]

    response = client_as(admin_agent_a).post(REPORT, _form(kind="partner_center_problem", files=files))

    assert response.status_code == 400 and "A request holds at most 2 files." in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_file_name_is_shown_sanitized_and_stored_under_a_random_name(client_as, admin_agent_a, customer_a):
    upload = SimpleUploadedFile("rapporto <finale>;.pdf", PDF, content_type="text/html")

    response = client_as(admin_agent_a).post(REPORT, _form(kind="partner_center_problem", files=[upload]))

    attachment = SupportAttachment.objects.get()
    assert attachment.original_name == "rapporto _finale__.pdf" and attachment.content_type == "application/pdf"
    assert "rapporto" not in attachment.file.name
    page = client_as(admin_agent_a).get(response["Location"]).content.decode()
    assert "rapporto _finale__.pdf</a>" in page and "<finale>" not in page


def test_a_purchase_refund_request_needs_the_order(client_as, admin_agent_a, customer_a):
    response = client_as(admin_agent_a).post(REPORT, _form(order_id=""))

    assert response.status_code == 400, response.content.decode()
    assert "A purchase or refund request names the customer and the order id." in response.content.decode()
