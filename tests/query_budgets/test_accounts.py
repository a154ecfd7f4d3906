"""Accounts and audit: the API credentials page and GET /v1/auditrecords at 10 and 500 rows."""

from datetime import timedelta

from django.urls import reverse

from accounts.services import api_credential_create
from partnercenter import clock
from partnercenter.models import AuditRecord
from tests.query_budgets.budget import LARGE, SMALL, assert_budget
from tests.query_budgets.bulk import audit_records, clone


def test_api_credentials_page(client_as, make_user, partner_a):
    from accounts.models import Role

    credential, _secret = api_credential_create(partner=partner_a, name="Integration", actor=None)
    clone(credential, SMALL - 1)
    client = client_as(make_user(Role.GLOBAL_ADMIN))

    def lists_every_credential(response, rows):
        assert response.content.decode().count("Integration") == rows

    assert_budget(
        lambda: client.get(reverse("api_credentials:list")),
        grow=lambda: clone(credential, LARGE - SMALL),
        queries=5,
        check=lists_every_credential,
    )


def test_audit_records_endpoint(api_as, global_admin_a, partner_a, partner_b):
    at = clock.now(partner_a) - timedelta(hours=1)
    audit_records(partner_a, SMALL, operation_type="create_order", at=at)
    audit_records(partner_b, 3, operation_type="create_order", at=at)
    api = api_as(global_admin_a)
    signed_in = AuditRecord.objects.filter(partner=partner_a).count() - SMALL  # the token issue is audited too

    def lists_a_page(response, rows):
        assert response.json()["totalCount"] == min(rows + signed_in, 100)

    assert_budget(
        lambda: api.get("/v1/auditrecords"),
        grow=lambda: audit_records(partner_a, LARGE - SMALL, operation_type="create_order", at=at),
        queries=3,
        check=lists_a_page,
    )
