"""Finding 2: product keys survive a SECRET_KEY rotation (page, customer view and API).

Before, every reveal answered 500 once SECRET_KEY changed. Now the old secret in
SECRET_KEY_FALLBACKS (or an old dedicated key in SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS) still
decrypts, `reencrypt_product_keys` moves the keys to the new secret, and a key nothing decrypts
answers a clear 503 and logs an operator alert.
"""

import logging

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from software.crypto import decrypt_key, encrypt_key, is_current
from software.models import ProductKey
from software.serializers import entitlement_id
from tests.api_personas import assert_error
from tests.factories import CustomerUserFactory

OLD_SECRET = "old-secret-key-for-product-keys-0123456789-abcdefghijklmnop"
NEW_SECRET = "new-secret-key-for-product-keys-9876543210-zyxwvutsrqponmlk"


@pytest.fixture
def rotated(settings):
    """Keys written under OLD_SECRET; then SECRET_KEY becomes NEW_SECRET (fallbacks set by each test)."""
    settings.SECRET_KEY = OLD_SECRET
    settings.SECRET_KEY_FALLBACKS = []
    settings.SOFTWARE_KEY_ENCRYPTION_KEY = ""
    settings.SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS = []

    def rotate(*, keep_old: bool):
        settings.SECRET_KEY = NEW_SECRET
        settings.SECRET_KEY_FALLBACKS = [OLD_SECRET] if keep_old else []

    return rotate


def reveal_everywhere(purchase, customer, *, admin_agent, client_as, api_as):
    """The product key asked for on the partner's page, the customer's own view and the API."""
    page = client_as(admin_agent).post(
        f"/software/customers/{customer.tenant_id}/purchases/{purchase.pk}/key/", {"version": "2022"}
    )
    customer_admin = CustomerUserFactory(customer=customer)
    own_view = client_as(customer_admin).post(f"/my/software/{purchase.pk}/key/", {"version": "2022"})
    api = api_as(admin_agent).post(
        f"/v1/customers/{customer.tenant_id}/entitlements/{entitlement_id(purchase)}/productkey",
        {"version": "2022"},
        format="json",
    )
    return page, own_view, api


def test_reveal_after_rotation_with_the_old_secret_in_fallbacks_works_everywhere(
    rotated, buy, customer_a, admin_agent_a, client_as, api_as
):
    purchase = buy(customer_a)
    plain = decrypt_key(ProductKey.objects.get(purchase=purchase, version="2022").key_ciphertext)

    rotated(keep_old=True)
    page, own_view, api = reveal_everywhere(
        purchase, customer_a, admin_agent=admin_agent_a, client_as=client_as, api_as=api_as
    )

    assert page.status_code == 200 and plain in page.content.decode()
    assert own_view.status_code == 200 and plain in own_view.content.decode()
    assert api.status_code == 200 and api.json()["productKey"] == plain


def test_reveal_after_rotation_without_fallback_is_a_clear_error_and_an_operator_alert(
    rotated, buy, customer_a, admin_agent_a, client_as, api_as, caplog
):
    purchase = buy(customer_a)

    rotated(keep_old=False)
    with caplog.at_level(logging.CRITICAL, logger="software.services.keys_and_downloads"):
        page, own_view, api = reveal_everywhere(
            purchase, customer_a, admin_agent=admin_agent_a, client_as=client_as, api_as=api_as
        )

    assert page.status_code == 503 and "cannot be read right now" in page.content.decode()
    assert own_view.status_code == 503 and "cannot be read right now" in own_view.content.decode()
    assert assert_error(api, 503, 503)["errorName"] == "ProductKeyUnavailable"
    alerts = [record for record in caplog.records if "OPERATOR ALERT" in record.getMessage()]
    assert len(alerts) == 3 and "SECRET_KEY_FALLBACKS" in alerts[0].getMessage()


def test_new_writes_use_the_current_key(rotated):
    rotated(keep_old=True)

    ciphertext = encrypt_key("ABCDE-FGHJK-MNPQR-TVWXY-23467")

    assert is_current(ciphertext)


def test_reencrypt_command_moves_every_key_to_the_current_secret_and_is_safe_to_rerun(
    rotated, settings, buy, customer_a, capsys
):
    purchase = buy(customer_a)
    before = {key.pk: decrypt_key(key.key_ciphertext) for key in ProductKey.objects.filter(purchase=purchase)}

    rotated(keep_old=True)
    call_command("reencrypt_product_keys")
    first = capsys.readouterr().out
    call_command("reencrypt_product_keys")
    second = capsys.readouterr().out

    assert f"{len(before)} re-encrypted, 0 already" in first
    assert f"0 re-encrypted, {len(before)} already" in second
    settings.SECRET_KEY_FALLBACKS = []  # the old secret can go now
    assert {key.pk: decrypt_key(key.key_ciphertext) for key in ProductKey.objects.filter(purchase=purchase)} == before


def test_a_previous_dedicated_key_still_decrypts_and_the_command_reports_unreadable_keys(
    rotated, settings, buy, customer_a
):
    old_dedicated, new_dedicated = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SOFTWARE_KEY_ENCRYPTION_KEY = old_dedicated
    purchase = buy(customer_a)
    key = ProductKey.objects.filter(purchase=purchase).first()
    plain = decrypt_key(key.key_ciphertext)

    settings.SOFTWARE_KEY_ENCRYPTION_KEY = new_dedicated
    settings.SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS = [old_dedicated]
    assert decrypt_key(key.key_ciphertext) == plain

    settings.SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS = []
    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("reencrypt_product_keys")
    assert bytes(ProductKey.objects.get(pk=key.pk).key_ciphertext) == bytes(key.key_ciphertext)  # never lost
