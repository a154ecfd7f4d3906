"""Back office (keys never in clear, actions through services) and idempotent demo data."""

from django.core.management import call_command

from accounts.models import User
from partnercenter import clock
from software import services
from software.models import DownloadLink, PurchaseStatus, SoftwarePurchase


def test_purchase_admin_never_shows_keys(buy, customer_a, admin_agent_a, admin_client):
    purchase = buy(customer_a)
    key = services.product_key_reveal(purchase=purchase, version="2022", actor=admin_agent_a)

    listing = admin_client.get("/admin/software/softwarepurchase/").content.decode()
    detail = admin_client.get(f"/admin/software/softwarepurchase/{purchase.pk}/change/").content.decode()

    assert "protected" in listing
    assert key not in listing and key not in detail


def test_admin_cancel_action_uses_the_service(buy, customer_a, admin_client):
    purchase = buy(customer_a)

    admin_client.post(
        "/admin/software/softwarepurchase/", {"action": "cancel_purchases", "_selected_action": [purchase.pk]}
    )

    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.CANCELLATION_PENDING


def test_admin_revokes_links(buy, customer_a, admin_agent_a, admin_client, client):
    purchase = buy(customer_a)
    link, token = services.download_link_create(
        purchase=purchase, version="2022", language="en-US", bitness="64-bit", actor=admin_agent_a
    )

    listing = admin_client.get("/admin/software/downloadlink/").content.decode()
    admin_client.post("/admin/software/downloadlink/", {"action": "revoke_links", "_selected_action": [link.pk]})

    assert link.token_hash not in listing
    assert DownloadLink.objects.get().revoked_at is not None
    assert client.get(f"/software/dl/{token}/").status_code == 410


def test_policy_profile_is_editable_in_the_admin(partner_a, admin_client):
    response = admin_client.post(
        "/admin/software/softwaresettings/add/", {"partner": partner_a.pk, "cancellation_policy": "current"}
    )
    assert response.status_code == 302
    assert partner_a.software_settings.cancellation_policy == "current"


def test_seed_demo_adds_software_once(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = SoftwarePurchase.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert first > 0
    assert SoftwarePurchase.objects.count() == first
    ages = {
        purchase.order_line.order.created_at == purchase.purchased_at for purchase in SoftwarePurchase.objects.all()
    }
    assert ages == {True}
    ages = {(clock.now(p.partner) - p.purchased_at).days for p in SoftwarePurchase.objects.select_related("partner")}
    assert min(ages) < 30 < max(ages)
    admin = User.objects.filter(customer__isnull=False).first()
    assert admin.username.startswith("admin@") and admin.username.endswith(".example")
