"""Tenancy on every /v1 operation: partner B's admin agent, through B's application, reaching partner
A's rows gets 404 (app+user tokens: some operations are App+User only).

The operations come from the OpenAPI schema, so an endpoint is covered the day it is added; a new
path parameter fails the test until `rows_of_a` gives it a real row of partner A, so the 404 is
the tenant's doing, never a bad id's.
"""

from commerce.models import Order
from partnercenter.models import AuditRecord, ScheduledEffect
from tests.api.operations import PARAMETER, operations, url_for
from tests.api_personas import assert_error

# The catalog is shared by every partner: these parameters name no tenant's row.
SHARED_PARAMETERS = {"product_id", "sku_id"}
# Partner Center files a service request at /servicerequests/{agent-locale}, where GET and PATCH read a
# request id: the POST's segment is a locale, no tenant's row.
NOT_TENANT_OPERATIONS = {("post", "/v1/servicerequests/{id_or_locale}")}


def tenant_operations() -> list[tuple[str, str]]:
    return [
        (method, path)
        for method, path, _ in operations()
        if set(PARAMETER.findall(path)) - SHARED_PARAMETERS and (method, path) not in NOT_TENANT_OPERATIONS
    ]


def call(client, method: str, url: str):
    if method in ("post", "patch", "put"):
        return getattr(client, method)(url, {}, format="json")
    return getattr(client, method)(url)


def test_every_operation_on_another_partners_rows_is_404_and_changes_nothing(
    api_as, credential_b, admin_agent_a, admin_agent_b, partner_a, rows_of_a
):
    app_api, app_api_b = api_as(admin_agent_a), api_as(admin_agent_b, credential_b)
    tenant_ops = tenant_operations()
    assert ("get", "/v1/customers/{customer_tenant_id}") in tenant_ops
    assert ("patch", "/v1/customers/{customer_tenant_id}/orders/{order_id}") in tenant_ops

    def footprint():
        return (
            AuditRecord.objects.filter(partner=partner_a).count(),
            Order.objects.filter(partner=partner_a).count(),
            ScheduledEffect.objects.filter(partner=partner_a).count(),
        )

    before = footprint()
    for method, path in tenant_ops:
        response = call(app_api_b, method, url_for(path, rows_of_a))
        assert response.status_code == 404, (method, path, response.content)
        assert_error(response, 404, 1000)
    assert footprint() == before, "partner B's calls left a trace in partner A's data"

    for method, path in tenant_ops:  # the same URLs exist for partner A: B's 404 is the tenant's
        status = call(app_api, method, url_for(path, rows_of_a)).status_code
        assert status != 404 and status < 500, (method, path, status)
