"""The partner's support requests, the customer's Service requests tab, a request's page (thread, files, note,
close) and attachment downloads: scoped to the partner, 404 outside it; the Support menu; Italian."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from support import services
from support.models import RequestKind, Status, SupportRequest
from tests.customers.test_i18n import switch_to_italian
from tests.factories import CustomerUserFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT = {"method": "email", "name": "Anna Rossi", "email": "anna@alpha.example", "language": "it-IT"}
LIST = reverse("support:list")


def file(actor, customer=None, *, title="Cannot cancel", files=()):
    return services.problem_report_create(
        actor=actor,
        customer=customer,
        kind=RequestKind.PARTNER_CENTER_PROBLEM,
        title=title,
        description="Please help.",
        severity="moderate",
        contact=CONTACT,
        files=files,
    )


@pytest.fixture
def staff(db):
    return UserFactory(partner=None, username="support@simulator.example", is_staff=True)


@pytest.fixture
def requests_ab(admin_agent_a, admin_agent_b, customer_a, customer_b, frozen):
    with_file = file(
        admin_agent_a,
        customer_a,
        title="Alpha's request",
        files=[SimpleUploadedFile("log.txt", b"error 42\n", content_type="text/plain")],
    )
    no_customer = file(admin_agent_a, title="About Partner Center itself")
    other = file(
        admin_agent_b,
        customer_b,
        title="Beta's request",
        files=[SimpleUploadedFile("beta.txt", b"beta\n", content_type="text/plain")],
    )
    return with_file, no_customer, other


def test_the_list_shows_the_partners_requests_only_and_filters_by_status(client_as, admin_agent_a, requests_ab):
    mine, no_customer, other = requests_ab
    services.request_close(request=no_customer, actor=admin_agent_a)
    client = client_as(admin_agent_a)

    page = client.get(LIST).content.decode()
    assert mine.number in page and no_customer.number in page and other.number not in page
    assert "Alpha&#x27;s request" in page and "Other Partner Center problem" in page and "Moderate" in page
    assert '<span class="badge ok" data-status="open">Open</span>' in page

    closed = client.get(LIST, {"status": "closed"}).content.decode()
    assert no_customer.number in closed and mine.number not in closed
    assert 'data-status="closed">Closed</span>' in closed
    assert client.get(LIST, {"status": "bogus"}).status_code == 200


def test_the_list_keeps_to_a_query_budget(client_as, admin_agent_a, requests_ab, django_assert_max_num_queries):
    client = client_as(admin_agent_a)
    with django_assert_max_num_queries(12):
        client.get(LIST)


def test_the_customer_tab_lists_that_customers_requests(client_as, admin_agent_a, customer_a, requests_ab):
    mine, no_customer, _other = requests_ab
    client = client_as(admin_agent_a)
    url = reverse("support:customer_requests", args=[customer_a.tenant_id])

    page = client.get(url).content.decode()

    assert f'href="{url}" class="active">Service requests</a>' in page
    assert mine.number in page and no_customer.number not in page


def test_another_partners_customer_tab_request_and_attachment_are_404(
    client_as, admin_agent_a, customer_b, requests_ab
):
    _mine, _no_customer, other = requests_ab
    client = client_as(admin_agent_a)
    attachment = other.attachments.get()

    assert client.get(reverse("support:customer_requests", args=[customer_b.tenant_id])).status_code == 404
    assert client.get(reverse("support:detail", args=[other.number])).status_code == 404
    assert client.get(reverse("support:attachment", args=[other.number, attachment.pk])).status_code == 404
    mine = requests_ab[0]
    # Another request's file through my request's number is as unknown.
    assert client.get(reverse("support:attachment", args=[mine.number, attachment.pk])).status_code == 404


def test_an_attachment_downloads_as_a_file_never_rendered(client_as, admin_agent_a, requests_ab):
    mine = requests_ab[0]
    attachment = mine.attachments.get()

    response = client_as(admin_agent_a).get(reverse("support:attachment", args=[mine.number, attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"error 42\n"
    assert response["Content-Disposition"] == 'attachment; filename="log.txt"'
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_request_page_shows_the_thread_and_files(client_as, admin_agent_a, staff, requests_ab):
    mine = requests_ab[0]
    services.information_ask(request=mine, staff=staff, text="Which order is it?")

    page = client_as(admin_agent_a).get(reverse("support:detail", args=[mine.number])).content.decode()

    assert f"data-request-number>{mine.number}</dd>" in page
    assert 'data-status="attention_needed">Attention needed</span>' in page
    assert "Which order is it?" in page and "Information requested" in page
    attachment = mine.attachments.get()
    assert f'href="{reverse("support:attachment", args=[mine.number, attachment.pk])}" download>log.txt</a>' in page


def test_a_note_with_a_file_answers_support_and_reopens_the_request(client_as, admin_agent_a, staff, requests_ab):
    mine = requests_ab[0]
    services.information_ask(request=mine, staff=staff, text="Which order is it?")
    url = reverse("support:detail", args=[mine.number])
    upload = SimpleUploadedFile("order.csv", b"order,amount\nA1,10\n", content_type="text/csv")

    response = client_as(admin_agent_a).post(url, {"action": "note", "text": "Order A1.", "files": [upload]})

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.OPEN
    note = mine.notes.get(text="Order A1.")
    assert note.attachments.get().original_name == "order.csv"


@pytest.mark.parametrize(
    "data,message",
    [
        ({"text": ""}, "This field is required."),
        ({"text": "x", "files": "exe"}, "Files of this type are not allowed"),
    ],
)
def test_bad_notes_are_form_errors(client_as, admin_agent_a, requests_ab, data, message):
    mine = requests_ab[0]
    if data.get("files") == "exe":
        data = data | {"files": [SimpleUploadedFile("run.exe", b"MZ\x00\x00", content_type="text/plain")]}

    response = client_as(admin_agent_a).post(reverse("support:detail", args=[mine.number]), {"action": "note"} | data)

    assert response.status_code == 400 and message in response.content.decode()
    assert mine.notes.filter(author_kind="partner").count() == 0


def test_close_withdraws_the_request_and_hides_the_forms(client_as, admin_agent_a, requests_ab):
    mine = requests_ab[0]
    client = client_as(admin_agent_a)
    url = reverse("support:detail", args=[mine.number])

    page = client.post(url, {"action": "close"}, follow=True).content.decode()

    assert f"Support request {mine.number} was closed." in page
    assert 'data-status="closed">Closed</span>' in page and "Add a note" not in page
    late = client.post(url, {"action": "note", "text": "Too late"}, follow=True).content.decode()
    assert "closed" in late and not SupportRequest.objects.get(pk=mine.pk).notes.filter(text="Too late").exists()


def test_helpdesk_agents_file_and_read_other_roles_do_not(client_as, helpdesk_agent_a, make_user, requests_ab):
    mine = requests_ab[0]
    helpdesk = client_as(helpdesk_agent_a)
    assert helpdesk.get(reverse("support:detail", args=[mine.number])).status_code == 200
    assert helpdesk.get(reverse("support:report_problem")).status_code == 200
    assert 'href="/support/"' in helpdesk.get(LIST).content.decode()  # the Support menu entry

    for role in (Role.SALES_AGENT, Role.BILLING_ADMIN):
        client = client_as(make_user(role))
        assert client.get(LIST).status_code == 403
        assert client.get(reverse("support:report_problem")).status_code == 403
        assert client.get(reverse("support:detail", args=[mine.number])).status_code == 403
        assert 'href="/support/"' not in client.get("/customers/").content.decode()


def test_customer_users_reach_no_partners_requests(client, customer_a, requests_ab):
    mine = requests_ab[0]
    client.force_login(CustomerUserFactory(customer=customer_a))

    assert client.get(LIST).status_code == 403
    assert client.get(reverse("support:detail", args=[mine.number])).status_code == 403
    assert client.get(reverse("support:report_problem")).status_code == 403


def test_key_strings_are_in_italian(client_as, admin_agent_a, customer_a, requests_ab):
    client = client_as(admin_agent_a)
    switch_to_italian(client)

    listing = client.get(LIST).content.decode()
    report = client.get(reverse("support:report_problem")).content.decode()
    detail = client.get(reverse("support:detail", args=[requests_ab[0].number])).content.decode()
    tab = client.get(reverse("support:customer_requests", args=[customer_a.tenant_id])).content.decode()

    assert "Richieste di supporto" in listing and "Segnala un problema con il Centro per i partner" in listing
    assert "Acquisto/rimborso CSP per conto dei clienti" in report and "Aggiungi file" in report
    assert "Aggiungi una nota" in detail and "Numero della richiesta" in detail
    assert "Richieste di servizio" in tab
