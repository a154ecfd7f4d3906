"""The Add products and Order history pages in Italian, with Italian number formatting."""

from django.urls import reverse

from commerce import services
from tests.commerce.test_services import SQL_ENT_3Y
from tests.customers.test_i18n import switch_to_italian
from tests.factories import CustomerFactory


def test_add_products_in_italian(catalog, client_as, admin_agent_a, customer_a):
    client = client_as(admin_agent_a)
    switch_to_italian(client)
    page = client.get(reverse("commerce:order_add", args=[customer_a.tenant_id])).content.decode()
    assert "Aggiungi prodotti" in page
    assert "I prezzi sono in EUR e non includono le imposte (il 22% viene aggiunto in fattura)." in page
    assert "12.887,94\xa0€" in page
    assert "Effettua l'ordine" in page
    assert "Cronologia ordini" in page
    response = client.post(reverse("commerce:order_add", args=[customer_a.tenant_id]), {"qty_DG7GMGF0DWMS": "0"})
    assert "Immetti una quantità per almeno un prodotto." in response.content.decode()


def test_order_history_in_italian(catalog, client_as, admin_agent_a, customer_a, software_handler):
    services.order_create(customer=customer_a, actor=None, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}])
    client = client_as(admin_agent_a)
    switch_to_italian(client)
    page = client.get(reverse("commerce:order_history", args=[customer_a.tenant_id])).content.decode()
    assert "1 ordine" in page
    assert "Completato" in page
    assert "15.723,29\xa0€" in page  # 12.887,94 + 22% IVA


def test_unavailable_market_message_in_italian(catalog, client_as, partner_a, admin_agent_a):
    customer = CustomerFactory(partner=partner_a, market="SM", state="")
    client = client_as(admin_agent_a)
    switch_to_italian(client)
    page = client.get(reverse("commerce:order_add", args=[customer.tenant_id])).content.decode()
    assert "Gli abbonamenti software e le prenotazioni di Azure non sono disponibili in San Marino (SM)." in page
    assert "San Marino è nell'elenco dei mercati in cui il Centro per i partner non vende" in page
