"""Every page is available in Italian: the language switch, the catalogue, localised country names."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.customers.test_customer_add import valid_data


def switch_to_italian(client, next_url="/customers/"):
    response = client.post(reverse("set_language"), {"language": "it", "next": next_url})
    assert response.status_code == 302
    return response


def test_language_switch_renders_customers_page_in_italian(client_as, admin_agent_a, customer_a):
    client = client_as(admin_agent_a)
    assert "Add customer" in client.get(reverse("customers:list")).content.decode()

    switch_to_italian(client)
    page = client.get(reverse("customers:list")).content.decode()

    assert '<html lang="it">' in page
    assert "Clienti" in page
    assert "Aggiungi cliente" in page
    assert "Nome, dominio o ID tenant" in page
    assert "1 cliente" in page
    assert "Italia" in page  # the market, from django-countries
    assert "Add customer" not in page


def test_detail_page_in_italian(client_as, admin_agent_a, customer_a):
    client = client_as(admin_agent_a)
    switch_to_italian(client)

    page = client.get(reverse("customers:detail", args=[customer_a.tenant_id])).content.decode()

    assert "Profilo della società" in page
    assert "Profilo di fatturazione" in page
    assert "Profilo" in page


def test_form_errors_in_italian(client_as, admin_agent_a):
    client = client_as(admin_agent_a)
    switch_to_italian(client)

    page = client.post(reverse("customers:add"), valid_data(market="US", state="", domain="x.com")).content.decode()

    assert "Questo mercato richiede uno stato o una provincia." in page
    assert "Immetti un dominio come contoso.onmicrosoft.com" in page
    assert "Nome della società" in page or "nome della società" in page.lower()


def test_sign_in_page_in_italian(client):
    switch_to_italian(client, next_url="/login/")

    page = client.get(reverse("login")).content.decode()

    assert "Accedi" in page


@pytest.mark.parametrize("app", ["accounts", "customers", "partnercenter", "simulation", "demo", "root"])
def test_catalogues_leave_nothing_untranslated(app):
    """Every msgid of our catalogues has an Italian msgstr (a fuzzy or empty entry would fall back to English)."""
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR) / ("locale" if app == "root" else f"{app}/locale")
    po = (base / "it/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    assert entries
    untranslated = [e for e in entries if 'msgstr ""' in e.splitlines()[-1] or "#, fuzzy" in e]
    assert untranslated == []


def test_role_names_translate():
    from accounts.models import Role

    with translation.override("it"):
        assert str(Role.ADMIN_AGENT.label) == "Agente amministratore"


def _po_entries(text: str) -> dict[str, str]:
    """msgid -> msgstr of a .po file (plural entries keyed by msgid, first form), header excluded."""
    entries, key, current = {}, None, {}
    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ", "msgstr[1] ")):
            key, _, rest = line.partition(" ")
            current[key] = rest[1:-1]
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
        elif not line and current:
            if current.get("msgid"):
                entries[current["msgid"]] = current.get("msgstr", current.get("msgstr[0]", ""))
            key, current = None, {}
    return {k.encode().decode("unicode_escape"): v for k, v in entries.items()}


@pytest.mark.parametrize("app", ["accounts", "customers", "partnercenter", "simulation", "demo", "root"])
def test_compiled_catalogues_hold_every_translation_of_the_po(app):
    """A .mo left stale after editing the .po would show English on an Italian page."""
    import gettext
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / ("locale" if app == "root" else f"{app}/locale") / "it/LC_MESSAGES"
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    entries = _po_entries((folder / "django.po").read_text(encoding="utf-8"))

    assert entries
    missing = [msgid for msgid in entries if compiled.gettext(msgid) == msgid and entries[msgid] != msgid]
    assert missing == []


def test_add_form_help_in_italian(client_as, admin_agent_a):
    client = client_as(admin_agent_a)
    switch_to_italian(client, next_url="/customers/add/")

    page = client.get(reverse("customers:add")).content.decode()

    assert "Obbligatorio negli Stati Uniti, in Canada, in Australia e in Brasile." in page
    assert "Ad esempio contoso.onmicrosoft.com." in page
