"""Finding 1 of the security probe: no role reaches a capability through an API credential that it lacks.

An account admin used to create a credential, take an app-only token (admin agent rights) and read
product keys. Now only a global admin creates credentials, an application acts with at most the
roles granted to it (never more than its creator's), and entitlements, keys and download links
refuse app-only tokens. The capability of each /v1 operation is read from its view, so the table
covers every endpoint the day it is added.
"""

import pytest
from django.urls import resolve

from accounts.authentication import ApplicationPrincipal
from accounts.models import ApiCredential, Role
from accounts.permissions import APP_USER_ONLY, CAPABILITY_ROLES, Capability, has_capability, roles_allow
from accounts.services import access_token_issue, api_credential_create
from partnercenter.errors import Forbidden
from partnercenter.models import AuditRecord
from software.serializers import entitlement_id
from tests.api.operations import operations, url_for
from tests.api_personas import assert_error, bearer

ALL_ROLES = list(Role)


def app_only(credential, secret):
    raw, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential.client_id), client_secret=secret
    )
    return bearer(raw)


def operation_rule(method: str, url: str) -> tuple[Capability | None, bool]:
    """(the capability the operation's view requires, whether it is App+User only)."""
    view_class = resolve(url).func.cls
    view = view_class()
    capability = view.get_required_capability(method.upper())
    return capability, getattr(view_class, "app_user_only", False)


def call(client, method: str, url: str):
    if method in ("post", "patch", "put"):
        return getattr(client, method)(url, {}, format="json")
    return getattr(client, method)(url)


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.value)
def test_an_application_granted_one_role_reaches_exactly_that_roles_capabilities(role, partner_a, rows_of_a):
    """Every /v1 operation: 403 exactly when the role lacks the capability, or the operation is App+User only."""
    credential, secret = api_credential_create(partner=partner_a, name=f"{role} app", actor=None, roles=[role])
    client = app_only(credential, secret)

    for method, path, _operation in operations():
        if not path.startswith("/v1/"):
            continue  # the token endpoint: nothing to reach
        url = url_for(path, rows_of_a)
        capability, user_only = operation_rule(method, url)
        allowed = not user_only and (
            capability is None or (roles_allow([role.value], capability) and capability not in APP_USER_ONLY)
        )
        response = call(client, method, url)
        if allowed:
            assert response.status_code != 403 and response.status_code < 500, (role, method, path, response.content)
        else:
            assert_error(response, 403)


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.value)
def test_a_credential_never_holds_a_capability_its_creator_lacks(role, make_user, partner_a):
    """Only a global admin creates credentials; the application's capabilities are a subset of the creator's."""
    alone = make_user(role)
    if role != Role.GLOBAL_ADMIN:
        with pytest.raises(Forbidden):
            api_credential_create(partner=partner_a, name="escalation", actor=alone)

    creator = make_user(*{Role.GLOBAL_ADMIN, role})
    credential, _secret = api_credential_create(partner=partner_a, name="app", actor=creator)
    application = ApplicationPrincipal(credential=credential, partner=partner_a)

    assert set(credential.roles) == {Role.GLOBAL_ADMIN.value, role.value}
    for capability in CAPABILITY_ROLES:
        if has_capability(application, capability):
            assert has_capability(creator, capability), capability
            assert capability not in APP_USER_ONLY


def test_asking_for_more_roles_than_the_creator_holds_grants_only_the_held_ones(make_user, partner_a):
    creator = make_user(Role.GLOBAL_ADMIN)

    credential, _ = api_credential_create(
        partner=partner_a, name="app", actor=creator, roles=[Role.GLOBAL_ADMIN, Role.ADMIN_AGENT]
    )

    assert credential.roles == [Role.GLOBAL_ADMIN.value]


def test_account_admin_can_no_longer_create_credentials_on_the_page(make_user, client_as):
    account_admin = make_user(Role.ACCOUNT_ADMIN)

    response = client_as(account_admin).post("/settings/api-credentials/", {"name": "Escalation"})

    assert response.status_code == 403
    assert not ApiCredential.objects.exists()


def test_global_admin_creates_a_credential_with_their_roles_shown_on_the_page(make_user, client_as):
    creator = make_user(Role.GLOBAL_ADMIN, Role.BILLING_ADMIN)

    response = client_as(creator).post("/settings/api-credentials/", {"name": "Reports"})

    assert response.status_code == 200
    assert ApiCredential.objects.get().roles == [Role.BILLING_ADMIN.value, Role.GLOBAL_ADMIN.value]
    assert "Billing admin, Global admin" in response.content.decode()


def test_app_only_tokens_are_refused_keys_links_and_entitlements_even_with_admin_agent(
    buy, customer_a, partner_a, make_user
):
    """The probe's escalation, replayed with the most capable application: 403 with Partner Center's error."""
    creator = make_user(Role.GLOBAL_ADMIN, Role.ADMIN_AGENT)
    credential, secret = api_credential_create(partner=partner_a, name="Everything", actor=creator)
    client = app_only(credential, secret)
    purchase = buy(customer_a)
    base = f"/v1/customers/{customer_a.tenant_id}/entitlements"

    responses = [
        client.get(base),
        client.post(f"{base}/{entitlement_id(purchase)}/productkey", {"version": "2022"}, format="json"),
        client.post(
            f"{base}/{entitlement_id(purchase)}/downloadlinks",
            {"version": "2022", "language": "en-us", "bitness": "x64"},
            format="json",
        ),
    ]

    for response in responses:
        assert assert_error(response, 403, 403)["errorName"] == "AppOnlyNotSupported"
    assert not AuditRecord.objects.filter(operation_type__startswith="get_software").exists()


def test_an_app_plus_user_key_reveal_audits_both_the_user_and_the_application(
    buy, customer_a, admin_agent_a, api_as, credential_a
):
    purchase = buy(customer_a)

    response = api_as(admin_agent_a).post(
        f"/v1/customers/{customer_a.tenant_id}/entitlements/{entitlement_id(purchase)}/productkey",
        {"version": "2022"},
        format="json",
    )

    assert response.status_code == 200
    record = AuditRecord.objects.get(operation_type="get_software_key")
    assert record.user_principal_name == admin_agent_a.username
    assert record.application_id == str(credential_a.client_id)
