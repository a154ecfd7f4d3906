"""The Software tab, its key/download/link actions and the cancel dialog, as users see them."""

import re
from datetime import timedelta

import pytest

from partnercenter.models import AuditRecord, ScheduledEffect
from simulation.services import clock_advance
from software import services
from tests.api_personas import assert_error
from tests.factories import CustomerUserFactory
from tests.software_purchases import CUSTOMER_PAGE_ROLES, NOT_ADMIN_AGENT_ROLES, RED_HAT, SQL_ENTERPRISE, SUSE


def tab_url(customer):
    return f"/software/customers/{customer.tenant_id}/"


def purchase_url(customer, purchase, action=""):
    return f"/software/customers/{customer.tenant_id}/purchases/{purchase.pk}/{action}"


CHOICES = {"version": "2022", "language": "it-IT", "bitness": "64-bit"}


def test_tab_lists_software_with_actions_for_admin_agents(
    buy, customer_a, admin_agent_a, client_as, django_assert_max_num_queries
):
    for _ in range(5):
        buy(customer_a)
    client = client_as(admin_agent_a)

    with django_assert_max_num_queries(10):
        response = client.get(tab_url(customer_a))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Windows Server 2022 Datacenter - 2 Core License Pack") == 5  # the title once per row
    assert "Perpetual licence" in page and "Purchased 2030-01-10 09:00 (UTC)" in page
    assert page.count('data-purchase="') == 5
    assert "Get keys and downloads" in page
    assert "data-cancel-dialog" in page


@pytest.mark.parametrize("role", NOT_ADMIN_AGENT_ROLES)
def test_only_admin_agents_get_keys_downloads_links_and_cancel(buy, customer_a, make_user, client_as, role):
    purchase = buy(customer_a)
    client = client_as(make_user(role))

    tab = client.get(tab_url(customer_a))

    if role in CUSTOMER_PAGE_ROLES:
        page = tab.content.decode()
        assert "Windows Server 2022 Datacenter" in page
        assert "Get keys and downloads" not in page
        assert "data-cancel-dialog" not in page
    else:
        assert tab.status_code == 403
    assert client.get(purchase_url(customer_a, purchase), CHOICES).status_code == 403
    assert client.post(purchase_url(customer_a, purchase, "key/"), {"version": "2022"}).status_code == 403
    assert client.post(purchase_url(customer_a, purchase, "download/"), CHOICES).status_code == 403
    assert client.post(purchase_url(customer_a, purchase, "link/"), CHOICES).status_code == 403
    assert client.get(purchase_url(customer_a, purchase, "cancel/")).status_code == 403
    cancel = client.post(purchase_url(customer_a, purchase, "cancel/"), {"purchase": purchase.pk, "confirm": "on"})
    assert cancel.status_code == 403
    assert not AuditRecord.objects.filter(operation_type__startswith="get_software").exists()
    purchase.order_line.refresh_from_db()
    assert purchase.order_line.cancel_requested_at is None


def test_another_partner_gets_404(buy, customer_a, admin_agent_b, client_as):
    purchase = buy(customer_a)
    client = client_as(admin_agent_b)
    assert client.get(tab_url(customer_a)).status_code == 404
    assert client.get(purchase_url(customer_a, purchase), CHOICES).status_code == 404
    assert client.post(purchase_url(customer_a, purchase, "key/"), {"version": "2022"}).status_code == 404
    assert client.get(purchase_url(customer_a, purchase, "cancel/")).status_code == 404


def test_get_keys_and_downloads_then_key_download_and_link(buy, customer_a, admin_agent_a, client_as):
    purchase = buy(customer_a)
    client = client_as(admin_agent_a)

    panel = client.get(purchase_url(customer_a, purchase), CHOICES).content.decode()
    key_json = client.post(
        purchase_url(customer_a, purchase, "key/"), {"version": "2022"}, HTTP_ACCEPT="application/json"
    )
    key_page = client.post(purchase_url(customer_a, purchase, "key/"), {"version": "2022"})
    download = client.post(purchase_url(customer_a, purchase, "download/"), CHOICES)
    link = client.post(purchase_url(customer_a, purchase, "link/"), CHOICES, HTTP_ACCEPT="application/json")

    assert "Get key" in panel and "Download" in panel and "Copy link" in panel
    key = key_json.json()["productKey"]
    assert len(key) == 29
    assert key in key_page.content.decode() and "Copy" in key_page.content.decode()
    assert download["Content-Disposition"] == (
        'attachment; filename="SW_DVD9_Win_Server_2022_Datacenter_64Bit_Italian.iso.txt"'
    )
    url = link.json()["url"]
    client.logout()
    assert client.get(url).status_code == 200
    assert AuditRecord.objects.filter(operation_type="get_software_key").count() == 2
    assert AuditRecord.objects.filter(operation_type="get_software_download_link").count() == 3


def test_bad_choices_are_form_errors(buy, customer_a, admin_agent_a, client_as):
    purchase = buy(customer_a)
    client = client_as(admin_agent_a)

    panel = client.get(purchase_url(customer_a, purchase), {"version": "1999", "language": "it-IT"})
    key = client.post(purchase_url(customer_a, purchase, "key/"), {"version": "x"}, HTTP_ACCEPT="application/json")
    download = client.post(purchase_url(customer_a, purchase, "download/"), {**CHOICES, "bitness": "16-bit"})

    assert panel.status_code == 400
    assert "Select a valid choice" in panel.content.decode()
    assert key.status_code == 400 and key.json()["code"] == 3000
    assert download.status_code == 400
    assert not AuditRecord.objects.filter(operation_type__startswith="get_software").exists()


def test_cancel_dialog_shows_window_and_confirms(buy, customer_a, partner_a, admin_agent_a, client_as):
    purchase = buy(customer_a)
    clock_advance(partner=partner_a, by=timedelta(days=4))
    client = client_as(admin_agent_a)
    order_id = purchase.order_line.order.order_id

    dialog = client.get(purchase_url(customer_a, purchase, "cancel/"), {"partial": "1"}).content.decode()
    missing = client.post(purchase_url(customer_a, purchase, "cancel/"), {"purchase": purchase.pk})
    done = client.post(
        purchase_url(customer_a, purchase, "cancel/"), {"purchase": purchase.pk, "confirm": "on"}, follow=True
    )

    assert order_id in dialog
    assert "26 day(s) left to cancel this order" in dialog
    assert "Important" in dialog and "/support" not in dialog
    assert missing.status_code == 400
    assert "Confirm that you have read the Important notice." in missing.content.decode()
    page = done.content.decode()
    assert f"Your cancellation of order {order_id}" in page
    assert "up to 15 minutes" in page
    # Until the effect runs the tab shows the purchase as before.
    assert "Activation key not available" not in page


def test_cancel_dialog_explains_closed_window_and_plans(buy, customer_a, partner_a, admin_agent_a, client_as):
    purchase, plan = buy(customer_a), buy(customer_a, SUSE, "0001")
    clock_advance(partner=partner_a, by=timedelta(days=31))
    client = client_as(admin_agent_a)

    closed = client.get(purchase_url(customer_a, purchase, "cancel/")).content.decode()
    refused = client.post(purchase_url(customer_a, purchase, "cancel/"), {"purchase": purchase.pk, "confirm": "on"})
    plan_page = client.get(purchase_url(customer_a, plan, "cancel/")).content.decode()

    assert "30-day cancellation window for this order has closed" in closed
    assert refused.status_code == 400
    assert "You have passed your 30-day cancellation window" in refused.content.decode()
    assert "customer support request is needed" in plan_page
    report = f"/support/report/?customer={customer_a.tenant_id}&amp;order="
    assert f'<a href="{report}{purchase.order_line.order.order_id}" data-support-link>' in closed
    assert f'<a href="{report}{plan.order_line.order.order_id}" data-support-link>' in plan_page


@pytest.mark.parametrize("product_id", [SUSE, RED_HAT])
def test_plans_are_refused_on_the_page_and_the_api(buy, customer_a, admin_agent_a, client_as, api_as, product_id):
    plan = buy(customer_a, product_id, "0001")
    client = client_as(admin_agent_a)

    dialog = client.get(purchase_url(customer_a, plan, "cancel/"), {"partial": "1"}).content.decode()
    page = client.post(purchase_url(customer_a, plan, "cancel/"), {"purchase": plan.pk, "confirm": "on"})
    api = api_as(admin_agent_a).patch(
        f"/v1/customers/{customer_a.tenant_id}/orders/{plan.order_line.order.order_id}",
        {"status": "cancelled"},
        format="json",
    )

    assert "a customer support request is needed" in dialog
    order_id = plan.order_line.order.order_id
    assert f'href="/support/report/?customer={customer_a.tenant_id}&amp;order={order_id}"' in dialog
    assert page.status_code == 400
    assert "SUSE Linux and Red Hat software plans cannot be cancelled" in page.content.decode()
    assert assert_error(api, 400, 800061)["errorName"] == "OrderCannotBeCancelled"
    plan.order_line.refresh_from_db()
    assert plan.order_line.cancel_requested_at is None


def test_second_cancel_on_the_page_is_refused(buy, customer_a, admin_agent_a, client_as):
    purchase = buy(customer_a)
    client = client_as(admin_agent_a)
    submit = {"purchase": purchase.pk, "confirm": "on"}

    client.post(purchase_url(customer_a, purchase, "cancel/"), submit)
    dialog = client.get(purchase_url(customer_a, purchase, "cancel/"), {"partial": "1"}).content.decode()
    again = client.post(purchase_url(customer_a, purchase, "cancel/"), submit)

    assert "A cancellation of this order is already in progress." in dialog
    assert again.status_code == 400
    assert "a cancellation of this line is already in progress" in again.content.decode()
    assert ScheduledEffect.objects.filter(kind=services.CANCELLATION_EFFECT).count() == 1


def test_cancel_dialog_order_ids_are_the_order_history_ids(buy, customer_a, partner_a, admin_agent_a, client_as):
    first = buy(customer_a)
    clock_advance(partner=partner_a, by=timedelta(days=1))
    second = buy(customer_a, quantity=3)
    buy(customer_a, SQL_ENTERPRISE)  # another product: not one of this dialog's orders
    client = client_as(admin_agent_a)

    history = client.get(f"/commerce/customers/{customer_a.tenant_id}/orders/").content.decode()
    dialog = client.get(purchase_url(customer_a, first, "cancel/"), {"partial": "1"}).content.decode()

    history_ids = re.findall(r'/orders/([A-Za-z0-9_-]{33})/"', history)
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', dialog))
    assert len(history_ids) == 3
    assert options == {
        str(first.pk): first.order_line.order.order_id,
        str(second.pk): second.order_line.order.order_id,
    }
    assert set(options.values()) < set(history_ids)


def test_bad_order_choice_is_a_form_error(buy, customer_a, admin_agent_a, client_as):
    purchase = buy(customer_a)
    client = client_as(admin_agent_a)

    response = client.post(purchase_url(customer_a, purchase, "cancel/"), {"purchase": "999999", "confirm": "on"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_tab_after_the_delay_shows_cancelled_without_key(buy, customer_a, partner_a, admin_agent_a, client_as):
    purchase = buy(customer_a)
    client = client_as(admin_agent_a)
    client.post(purchase_url(customer_a, purchase, "cancel/"), {"purchase": purchase.pk, "confirm": "on"})

    clock_advance(partner=partner_a, by=timedelta(minutes=14, seconds=59))
    before = client.get(tab_url(customer_a)).content.decode()
    clock_advance(partner=partner_a, by=timedelta(seconds=1))
    after = client.get(tab_url(customer_a)).content.decode()
    key = client.post(purchase_url(customer_a, purchase, "key/"), {"version": "2022"})

    assert "Activation key not available" not in before and "Get keys and downloads" in before
    assert "Activation key not available" in after and "Cancelled" in after
    assert key.status_code == 410
    assert "activation key not available" in key.content.decode()


def test_software_tab_in_italian(buy, customer_a, admin_agent_a, client_as):
    purchase = buy(customer_a)
    client = client_as(admin_agent_a)

    tab = client.get(tab_url(customer_a), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    panel = client.get(purchase_url(customer_a, purchase), CHOICES, HTTP_ACCEPT_LANGUAGE="it").content.decode()

    assert "Ottieni chiavi e download" in tab and "Annulla" in tab
    assert "Ottieni chiave" in panel and "Scarica" in panel and "Copia collegamento" in panel


def _selected_option(dialog: str) -> str:
    return re.search(r'<option value="(\d+)"[^>]*selected', dialog).group(1)


def test_the_dialog_comes_back_at_once_for_the_next_order_of_the_product(buy, customer_a, admin_agent_a, client_as):
    first, second = buy(customer_a), buy(customer_a)
    client = client_as(admin_agent_a)
    url = purchase_url(customer_a, first, "cancel/") + "?partial=1"

    after_first = client.post(url, {"purchase": first.pk, "confirm": "on"})
    dialog = after_first.content.decode()
    after_second = client.post(url, {"purchase": _selected_option(dialog), "confirm": "on"})

    assert after_first.status_code == 200
    assert f"Your cancellation of order {first.order_line.order.order_id}" in dialog
    assert _selected_option(dialog) == str(second.pk)  # set on the next order id ...
    assert 'name="confirm"' in dialog and "checked" not in dialog  # ... with the notice to confirm again
    assert after_second.status_code == 200
    assert f"Your cancellation of order {second.order_line.order.order_id}" in after_second.content.decode()
    first.order_line.refresh_from_db()
    second.order_line.refresh_from_db()
    assert first.order_line.cancel_requested_at is not None and second.order_line.cancel_requested_at is not None


def test_without_javascript_the_dialog_page_moves_to_the_next_order_then_back_to_the_tab(
    buy, customer_a, admin_agent_a, client_as
):
    first, second = buy(customer_a), buy(customer_a)
    client = client_as(admin_agent_a)

    to_next = client.post(purchase_url(customer_a, first, "cancel/"), {"purchase": first.pk, "confirm": "on"})
    next_page = client.get(to_next["Location"]).content.decode()
    to_tab = client.post(to_next["Location"], {"purchase": second.pk, "confirm": "on"})

    assert to_next.status_code == 302 and to_next["Location"] == purchase_url(customer_a, second, "cancel/")
    assert f"Your cancellation of order {first.order_line.order.order_id}" in next_page
    assert _selected_option(next_page) == str(second.pk)
    assert to_tab.status_code == 302 and to_tab["Location"] == f"/software/customers/{customer_a.tenant_id}/"


RISKS = {
    "en": ("Understand the risks of copying links and downloading software", "Anyone who has a download link"),
    "it": (
        "Comprendi i rischi associati alla copia di collegamenti e al download di software",
        "Chiunque abbia un collegamento per il download",
    ),
}


@pytest.mark.parametrize("language", ["en", "it"])
def test_keys_and_downloads_pages_state_the_risks(buy, customer_a, admin_agent_a, client_as, language):
    purchase = buy(customer_a)
    headers = {"accept-language": language}
    partner = client_as(admin_agent_a)
    pages = [
        partner.get(purchase_url(customer_a, purchase, ""), CHOICES, headers=headers),
        partner.post(purchase_url(customer_a, purchase, "key/"), {"version": "2022"}, headers=headers),
        partner.post(purchase_url(customer_a, purchase, "link/"), CHOICES, headers=headers),
    ]
    customer = client_as(CustomerUserFactory(customer=customer_a))  # the same test client, signed in again
    pages.append(customer.get(f"/my/software/{purchase.pk}/", CHOICES, headers=headers))

    for response in pages:
        text = response.content.decode()
        assert response.status_code == 200
        assert all(sentence in text for sentence in RISKS[language]), response.request["PATH_INFO"]
