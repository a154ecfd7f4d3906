"""Keys (encrypted, revealed only by the service, audited), downloads and signed links."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from partnercenter.errors import Forbidden, NotFound
from partnercenter.models import AuditRecord
from simulation.services import clock_advance
from software import services
from software.crypto import KEY_ALPHABET
from software.models import DownloadLink, ProductKey
from tests.software_purchases import NOT_ADMIN_AGENT_ROLES


def test_fulfilment_stores_one_encrypted_key_per_version(buy, customer_a, admin_agent_a):
    purchase = buy(customer_a)

    key = services.product_key_reveal(purchase=purchase, version="2022", actor=admin_agent_a)

    assert purchase.versions == ["2022", "2019", "2016"]
    assert ProductKey.objects.filter(purchase=purchase).count() == 3
    groups = key.split("-")
    assert len(key) == 29 and [len(g) for g in groups] == [5] * 5
    assert set("".join(groups)) <= set(KEY_ALPHABET)
    stored = bytes(ProductKey.objects.get(purchase=purchase, version="2022").key_ciphertext)
    assert key.encode() not in stored


def test_every_key_view_writes_an_audit_record_without_the_key(buy, customer_a, admin_agent_a):
    purchase = buy(customer_a)

    first = services.product_key_reveal(purchase=purchase, version="2019", actor=admin_agent_a)
    second = services.product_key_reveal(purchase=purchase, version="2019", actor=admin_agent_a)

    assert first == second
    records = AuditRecord.objects.filter(operation_type="get_software_key")
    assert records.count() == 2
    record = records.first()
    assert record.resource_type == "software_key"
    assert record.user_principal_name == admin_agent_a.username
    assert record.customer_name == "Alpha Srl"
    assert first not in f"{record.customized_data}{record.resource_new_value}{record.resource_old_value}"


@pytest.mark.parametrize("role", NOT_ADMIN_AGENT_ROLES)
def test_only_admin_agents_get_keys(buy, customer_a, make_user, role):
    purchase = buy(customer_a)
    with pytest.raises(Forbidden):
        services.product_key_reveal(purchase=purchase, version="2022", actor=make_user(role))
    assert not AuditRecord.objects.filter(operation_type="get_software_key").exists()


def test_another_partners_agent_gets_404(buy, customer_a, admin_agent_b):
    purchase = buy(customer_a)
    with pytest.raises(NotFound):
        services.product_key_reveal(purchase=purchase, version="2022", actor=admin_agent_b)


def test_unknown_choices_are_refused(buy, customer_a, admin_agent_a):
    purchase = buy(customer_a)
    with pytest.raises(ValidationError) as bad:
        services.software_download(
            purchase=purchase, version="1999", language="xx-XX", bitness="16-bit", actor=admin_agent_a
        )
    assert set(bad.value.message_dict) == {"version", "language", "bitness"}


def test_download_is_named_from_the_choices_and_audited(buy, customer_a, admin_agent_a):
    purchase = buy(customer_a)

    download = services.software_download(
        purchase=purchase, version="2022", language="it-IT", bitness="64-bit", actor=admin_agent_a
    )

    assert download.filename == "SW_DVD9_Win_Server_2022_Datacenter_64Bit_Italian.iso.txt"
    assert b"Windows Server 2022 Datacenter" in download.content
    record = AuditRecord.objects.get(operation_type="get_software_download_link")
    assert record.resource_type == "software_download_link"
    assert {"key": "Action", "value": "download"} in record.customized_data


def test_signed_link_downloads_without_signing_in_until_it_expires(buy, customer_a, admin_agent_a, client, settings):
    purchase = buy(customer_a)
    link, token = services.download_link_create(
        purchase=purchase, version="2019", language="de-DE", bitness="64-bit", actor=admin_agent_a
    )

    response = client.get(f"/software/dl/{token}/")

    assert response.status_code == 200
    assert "SW_DVD9_Win_Server_2019_Datacenter_64Bit_German.iso.txt" in response["Content-Disposition"]
    assert DownloadLink.objects.get().token_hash != token
    actions = [
        next(i["value"] for i in r.customized_data if i["key"] == "Action")
        for r in AuditRecord.objects.filter(operation_type="get_software_download_link").order_by("id")
    ]
    assert actions == ["copy_link", "link_download"]

    DownloadLink.objects.filter(pk=link.pk).update(expires_at=link.expires_at - settings.SOFTWARE_DOWNLOAD_LINK_TTL)
    expired = client.get(f"/software/dl/{token}/")
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()
    assert client.get("/software/dl/not-a-token/").status_code == 404


def test_revoked_link_answers_410(buy, customer_a, admin_agent_a, client):
    purchase = buy(customer_a)
    link, token = services.download_link_create(
        purchase=purchase, version="2019", language="de-DE", bitness="64-bit", actor=admin_agent_a
    )

    assert services.download_links_revoke(links=[link]) == 1
    response = client.get(f"/software/dl/{token}/")

    assert response.status_code == 410
    assert "revoked" in response.content.decode()


def test_cancellation_revokes_keys_and_links_when_it_takes_effect(buy, customer_a, partner_a, admin_agent_a, client):
    purchase = buy(customer_a)
    _link, token = services.download_link_create(
        purchase=purchase, version="2022", language="en-US", bitness="64-bit", actor=admin_agent_a
    )
    services.purchase_cancel(order=purchase.order_line.order, lines=[purchase.order_line], actor=admin_agent_a)

    # Before the effect, the purchase still works as before.
    assert services.product_key_reveal(purchase=purchase, version="2022", actor=admin_agent_a)
    assert client.get(f"/software/dl/{token}/").status_code == 200

    clock_advance(partner=partner_a, by=timedelta(minutes=15))
    purchase.refresh_from_db()

    with pytest.raises(services.PurchaseCancelled) as gone:
        services.product_key_reveal(purchase=purchase, version="2022", actor=admin_agent_a)
    assert gone.value.status == 410
    assert "activation key not available" in gone.value.description
    assert not ProductKey.objects.filter(purchase=purchase, revoked_at__isnull=True).exists()
    assert not DownloadLink.objects.filter(purchase=purchase, revoked_at__isnull=True).exists()
    response = client.get(f"/software/dl/{token}/")
    assert response.status_code == 410
    assert "cancelled" in response.content.decode()
