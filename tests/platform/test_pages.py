"""Dashboard pages and admin of the platform: API credentials, read-only audit, Italian."""

import json
import re
from io import StringIO

from django.core.management import call_command

from accounts.models import AccessToken, ApiCredential, Role
from partnercenter.audit import audit_record_write
from partnercenter.models import AuditRecord
from tests.api.test_customers import new_customer_body
from tests.api_personas import bearer
from tests.factories import UserFactory


def test_credentials_page_shows_the_secret_once_and_revokes(client_as, global_admin_a, partner_a):
    client = client_as(global_admin_a)
    created = client.post("/settings/api-credentials/", {"name": "Billing sync"})
    credential = ApiCredential.objects.get(partner=partner_a)
    secret = created.context["created"]["secret"]
    assert secret.encode() in created.content and str(credential.client_id).encode() in created.content
    assert secret.encode() not in client.get("/settings/api-credentials/").content
    token = client.post(
        "/oauth2/token",
        {"grant_type": "client_credentials", "client_id": str(credential.client_id), "client_secret": secret},
    ).json()["access_token"]
    assert bearer(token).get("/v1/customers").status_code == 200
    client.post(f"/settings/api-credentials/{credential.client_id}/revoke/")
    assert bearer(token).get("/v1/customers").status_code == 401
    assert AuditRecord.objects.filter(resource_type="application_credential").count() == 2
    assert client.post("/settings/api-credentials/", {"name": ""}).status_code == 400


def test_credentials_page_is_scoped_and_guarded(client_as, global_admin_a, admin_agent_a, partner_b):
    other = ApiCredential.objects.create(partner=partner_b, name="B app", secret_hash="x" * 64)
    assert client_as(global_admin_a).post(f"/settings/api-credentials/{other.client_id}/revoke/").status_code == 404
    assert b"B app" not in client_as(global_admin_a).get("/settings/api-credentials/").content
    assert client_as(admin_agent_a).get("/settings/api-credentials/").status_code == 403


def test_create_partner_prints_working_client_credentials(client, db):
    out = StringIO()
    call_command(
        "create_partner", "Gamma", "--email", "ops@gamma.example", "--password", "S3cure-pass-2026", stdout=out
    )
    printed = json.loads(out.getvalue())
    response = client.post(
        "/oauth2/token",
        {
            "grant_type": "client_credentials",
            "client_id": printed["clientId"],
            "client_secret": printed["clientSecret"],
        },
    )
    assert response.status_code == 200


def superuser_client(client):
    admin = UserFactory(partner=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_audit_admin_is_read_only_and_searchable(client, partner_a):
    record = audit_record_write(partner=partner_a, actor=None, operation_type="create_order", resource_type="order")
    client = superuser_client(client)
    listing = client.get("/admin/partnercenter/auditrecord/?q=system&operation_type=create_order")
    assert listing.status_code == 200 and b"create_order" in listing.content
    assert client.get("/admin/partnercenter/auditrecord/add/").status_code == 403
    assert client.get(f"/admin/partnercenter/auditrecord/{record.pk}/delete/").status_code == 403
    assert client.get("/admin/partnercenter/scheduledeffect/?state=pending").status_code == 200
    assert client.get("/admin/accounts/accesstoken/").status_code == 200


def test_admin_revokes_credentials(client, credential_a, app_api):
    client = superuser_client(client)
    client.post("/admin/accounts/apicredential/", {"action": "revoke", "_selected_action": [credential_a.pk]})
    assert AccessToken.objects.filter(revoked_at__isnull=False).count() == 1
    assert app_api.get("/v1/customers").status_code == 401


def test_admin_creates_a_credential_and_shows_the_secret_once(client, partner_a):
    operator = UserFactory(partner=None, username="ops@simulator.example", is_staff=True, is_superuser=True)
    client.force_login(operator)

    response = client.post(
        "/admin/accounts/apicredential/add/",
        {"partner": partner_a.pk, "name": "Billing sync", "granted_roles": ["billing_admin"]},
        follow=True,
    )

    credential = ApiCredential.objects.get(partner=partner_a, name="Billing sync")
    assert credential.roles == ["billing_admin"]
    secret = re.search(r"client secret (\S+)\. Copy the secret now", response.content.decode()).group(1)
    token = client.post(
        "/oauth2/token",
        {"grant_type": "client_credentials", "client_id": str(credential.client_id), "client_secret": secret},
    )
    assert token.status_code == 200 and token.json()["token_type"] == "Bearer"
    assert secret not in client.get(f"/admin/accounts/apicredential/{credential.pk}/change/").content.decode()
    record = AuditRecord.objects.get(operation_type="create_application_credential")
    assert record.partner == partner_a and record.user_principal_name == operator.username


def test_admin_refuses_a_credential_without_a_name(client, partner_a):
    response = superuser_client(client).post(
        "/admin/accounts/apicredential/add/", {"partner": partner_a.pk, "name": ""}
    )

    assert response.status_code == 200 and b"This field is required." in response.content
    assert not ApiCredential.objects.exists()


def test_app_user_token_audit_names_user_and_application(api_as, make_user, credential_a):
    user = make_user(Role.ADMIN_AGENT)
    api_as(user).post("/v1/customers", new_customer_body(), format="json")
    record = AuditRecord.objects.get(operation_type="add_customer")
    assert record.user_principal_name == user.username and record.application_id == str(credential_a.client_id)


def test_platform_pages_speak_italian(client_as, global_admin_a, settings):
    client = client_as(global_admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    assert "Orologio di simulazione" in client.get("/simulation/clock/").content.decode()
    assert "Crea credenziale" in client.get("/settings/api-credentials/").content.decode()
