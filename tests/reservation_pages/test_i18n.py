"""The reservation pages in Italian: wording from the seeds, Italian number formats, an SVG that stays valid."""

import re
from datetime import timedelta

from django.urls import reverse

from simulation.services import clock_advance
from tests.customers.test_i18n import switch_to_italian
from tests.reservation_pages.test_purchase_pages import choice, purchase_url


def test_the_tab_and_the_reservation_page_in_italian(client_as, admin_agent_a, customer_a, partner_a, reserve):
    reservation = reserve(display_name="Web farm")
    clock_advance(partner=partner_a, by=timedelta(days=9))
    client = client_as(admin_agent_a)
    switch_to_italian(client)
    text = client.get(reverse("reservations:customer_reservations", args=[customer_a.tenant_id])).content.decode()
    for phrase in ["Prenotazioni di Azure", "Gestisci", "Rimborsa", "Utilizzo (30 giorni)", "Macchine virtuali",
                   "Anticipato", "Condiviso", "Vantaggio Azure Hybrid", "Risorse sulle prenotazioni di Azure",
                   "Riuscita", "87,28\xa0€"]:  # fmt: skip
        assert phrase in text, phrase
    assert (
        "Limite di rimborso negli ultimi 365 giorni: 0,00\xa0USD utilizzati, 50.000,00\xa0USD disponibili su "
        "50.000,00\xa0USD." in text
    )
    args = [customer_a.tenant_id, reservation.reservation_id]
    text = client.get(reverse("reservations:overview", args=args)).content.decode()
    for phrase in ["Panoramica", "Controllo di accesso (IAM)", "Configurazione", "Proprietà",
                   "Nuova richiesta di supporto", "Media a 7 giorni", "Cambio", "10/01/2030"]:  # fmt: skip
        assert phrase in text, phrase
    svg = text[text.index("<svg") : text.index("</svg>")]
    coordinates = re.findall(r' (?:x|y|width|height)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates)
    text = client.get(reverse("reservations:properties", args=args)).content.decode()
    assert "ID dell'ordine di prenotazione" in text and 'data-copied="Copiato"' in text


def test_buying_in_italian(client_as, admin_agent_a, customer_a, subscriptions_a):
    client = client_as(admin_agent_a)
    switch_to_italian(client)
    text = client.get(purchase_url(customer_a)).content.decode()
    for phrase in ["Aggiungi prodotti", "Tipo di prenotazione", "Piano di fatturazione", "Rivedi", "Ambito"]:
        assert phrase in text, phrase
    text = client.post(purchase_url(customer_a), choice(subscriptions_a["Production"])).content.decode()
    assert "Rivedi l'acquisto" in text
    assert '<td class="num" id="total">1.277,80\xa0€</td>' in text
    assert "I prezzi sono in EUR e non includono le imposte (il 22% viene aggiunto in fattura)." in text
    response = client.post(purchase_url(customer_a), choice(subscriptions_a["Production"], quantity="0"))
    assert "Assicurati che questo valore sia maggiore o uguale a 1." in response.content.decode()


def test_the_resources_page_in_italian(client_as, admin_agent_a):
    client = client_as(admin_agent_a)
    switch_to_italian(client)
    text = client.get(reverse("reservations:resources")).content.decode()
    for phrase in ["Risorse sulle prenotazioni di Azure", "Fatturazione per le prenotazioni di Azure",
                   "Acquisto di prenotazioni di Azure per i clienti nel dashboard del partner",
                   "Ridimensionamento della macchina virtuale"]:  # fmt: skip
        assert phrase in text, phrase
