"""A customer's global admin sees their own software (Billing → Your products → Software) and nothing else."""

import re

import pytest

from accounts.models import CustomerRole
from partnercenter.errors import Forbidden
from partnercenter.models import AuditRecord
from software import services
from tests.factories import CustomerFactory, CustomerUserFactory


def test_customer_admin_lands_on_their_software_and_gets_a_key(buy, customer_a, client_as):
    purchase = buy(customer_a)
    admin = CustomerUserFactory(customer=customer_a)
    client = client_as(admin)

    home = client.get("/")
    listing = client.get("/my/software/").content.decode()
    key = client.post(f"/my/software/{purchase.pk}/key/", {"version": "2022"}, HTTP_ACCEPT="application/json")
    download = client.post(
        f"/my/software/{purchase.pk}/download/", {"version": "2022", "language": "en-US", "bitness": "64-bit"}
    )

    assert home.status_code == 302 and home["Location"] == "/my/software/"
    assert "Windows Server 2022 Datacenter" in listing
    assert key.status_code == 200 and len(key.json()["productKey"]) == 29
    assert download.status_code == 200
    record = AuditRecord.objects.get(operation_type="get_software_key")
    assert record.user_principal_name == admin.username


CHOICES = {"version": "2022", "language": "en-US", "bitness": "64-bit"}


@pytest.mark.parametrize("same_partner", [True, False], ids=["same partner", "other partner"])
def test_customer_admin_sees_nothing_of_other_customers(
    buy, customer_a, customer_b, partner_a, client_as, same_partner
):
    other = buy(customer_a)
    neighbour = CustomerFactory(partner=partner_a, market="IT") if same_partner else customer_b
    own = buy(neighbour) if same_partner else None
    client = client_as(CustomerUserFactory(customer=neighbour))

    listing = client.get("/my/software/").content.decode()

    assert other.order_line.order.order_id not in listing
    assert own is None or own.order_line.order.order_id in listing
    assert client.get(f"/my/software/{other.pk}/", CHOICES).status_code == 404
    assert client.post(f"/my/software/{other.pk}/key/", {"version": "2022"}).status_code == 404
    assert client.post(f"/my/software/{other.pk}/download/", CHOICES).status_code == 404
    assert client.post(f"/my/software/{other.pk}/link/", CHOICES).status_code == 404
    assert not AuditRecord.objects.filter(operation_type__startswith="get_software").exists()


def test_partner_users_cannot_open_the_customer_view(admin_agent_a, client_as):
    assert client_as(admin_agent_a).get("/my/software/").status_code == 403


def test_customer_admin_cannot_open_partner_pages(buy, customer_a, client_as):
    buy(customer_a)
    client = client_as(CustomerUserFactory(customer=customer_a))
    assert client.get(f"/software/customers/{customer_a.tenant_id}/").status_code == 403
    assert client.get("/activity-log/").status_code == 403


def test_the_customer_path_reads_billing_your_products_software(buy, customer_a, client_as):
    buy(customer_a)
    client = client_as(CustomerUserFactory(customer=customer_a))

    page = client.get("/my/software/").content.decode()
    italian = client.get("/my/software/", headers={"accept-language": "it"}).content.decode()

    crumbs = page.split('<nav class="breadcrumb" aria-label="Breadcrumb">', 1)[1].split("</nav>", 1)[0]
    assert [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", crumbs, re.S)] == [
        "Billing",
        "Your products",
        "Software",
    ]
    assert 'href="/my/software/" aria-current="page">Software' in crumbs
    assert '<a href="/my/software/" class="active">Billing</a>' in page  # the customer's top bar
    assert "Fatturazione" in italian and "I tuoi prodotti" in italian


@pytest.mark.parametrize("role", [CustomerRole.BILLING_ADMIN, CustomerRole.USER])
def test_only_the_customers_global_admin_sees_keys_and_downloads(buy, customer_a, client_as, role):
    purchase = buy(customer_a)
    user = CustomerUserFactory(customer=customer_a, customer_role=role)
    client = client_as(user)

    home = client.get("/")
    listing = client.get("/my/software/")
    choose = client.get(f"/my/software/{purchase.pk}/", CHOICES)
    key = client.post(f"/my/software/{purchase.pk}/key/", {"version": "2022"})
    download = client.post(f"/my/software/{purchase.pk}/download/", CHOICES)
    link = client.post(f"/my/software/{purchase.pk}/link/", CHOICES)

    assert [r.status_code for r in (listing, choose, key, download, link)] == [403] * 5
    assert home.status_code == 302 and home["Location"] == "/my/reservations/"  # what every customer user opens
    assert "Access denied" in listing.content.decode()
    assert purchase.order_line.order.order_id not in listing.content.decode()
    with pytest.raises(Forbidden):  # the service refuses too, whatever page or API calls it
        services.product_key_reveal(purchase=purchase, version="2022", actor=user)
    assert not AuditRecord.objects.filter(operation_type__startswith="get_software").exists()
