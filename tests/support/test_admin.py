"""The support queue in the admin: operator staff only; decisions go through the services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reservations.models import Refund
from support.models import Outcome, Status
from tests.support.conftest import file_problem, file_refund

pytestmark = pytest.mark.django_db

QUEUE = "/admin/support/supportrequest/"


def test_the_queue_searches_and_filters(client_as, staff, admin_agent_a, customer_a):
    wanted = file_problem(admin_agent_a, customer_a, title="Invoice shows an error")
    other = file_problem(admin_agent_a, title="Something else")
    client = client_as(staff)

    by_customer = client.get(QUEUE, {"q": "Alpha"})
    by_number = client.get(QUEUE, {"q": wanted.number})
    open_ones = client.get(QUEUE, {"status__exact": "open"})

    assert wanted.number in by_customer.text and other.number not in by_customer.text
    assert wanted.number in by_number.text and other.number not in by_number.text
    assert wanted.number in open_ones.text and other.number in open_ones.text


def test_staff_approve_from_the_request_page_through_the_refund_engine(
    client_as, staff, admin_agent_a, buy, us_customer, current_profile
):
    request = file_refund(admin_agent_a, buy(us_customer, price="1200.00"))
    client = client_as(staff)
    page = client.get(f"{QUEUE}{request.pk}/change/")
    assert "Work this request" in page.text and "create_service_request" in page.text

    response = client.post(f"{QUEUE}{request.pk}/decide/", {"decision": "approve", "text": ""}, follow=True)

    request.refresh_from_db()
    assert (request.status, request.outcome) == (Status.CLOSED, Outcome.APPROVED)
    assert Refund.objects.get().amount == request.credited_amount
    assert "Closed, Approved" in response.text
    assert "Work this request" not in response.text


def test_reject_ask_and_note_from_the_request_page(client_as, staff, admin_agent_a):
    request = file_problem(admin_agent_a)
    client = client_as(staff)

    client.post(f"{QUEUE}{request.pk}/decide/", {"decision": "ask", "text": "Which invoice?"})
    client.post(f"{QUEUE}{request.pk}/decide/", {"decision": "note", "text": "Looking into it."})
    refused = client.post(f"{QUEUE}{request.pk}/decide/", {"decision": "reject", "text": ""}, follow=True)
    assert "Reason is required" in refused.text
    client.post(f"{QUEUE}{request.pk}/decide/", {"decision": "reject", "text": "Not a defect."})

    request.refresh_from_db()
    assert (request.outcome, request.outcome_reason) == (Outcome.REJECTED, "Not a defect.")
    assert [note.text for note in request.notes.all()] == ["Which invoice?", "Looking into it.", "Not a defect."]


def test_the_bulk_action_approves_each_through_its_engine(client_as, staff, admin_agent_a, buy, us_customer):
    first, second = file_refund(admin_agent_a, buy(us_customer)), file_problem(admin_agent_a)

    client_as(staff).post(QUEUE, {"action": "approve_selected", "_selected_action": [first.pk, second.pk]})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome) == (Outcome.APPROVED, Outcome.APPROVED)
    assert Refund.objects.count() == 1


def test_a_partner_user_with_is_staff_reaches_neither_the_queue_nor_the_decisions(
    client_as, staff_partner_user, admin_agent_a
):
    request = file_problem(admin_agent_a)
    client = client_as(staff_partner_user)

    assert client.get(QUEUE).status_code == 403
    assert client.post(f"{QUEUE}{request.pk}/decide/", {"decision": "approve", "text": ""}).status_code == 403
    request.refresh_from_db()
    assert request.outcome == Outcome.PENDING


def test_attachments_download_to_staff_only_as_files(client_as, staff, staff_partner_user, admin_agent_a):
    request = file_problem(admin_agent_a, files=[SimpleUploadedFile("<b>.txt", b"hello", content_type="text/html")])
    attachment = request.attachments.get()
    url = f"{QUEUE}{request.pk}/attachments/{attachment.pk}/"

    response = client_as(staff).get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;") and "_b_.txt" in response["Content-Disposition"]
    assert client_as(staff_partner_user).get(url).status_code == 403
