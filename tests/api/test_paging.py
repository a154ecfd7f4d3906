"""Keyset paging: every row once while rows are inserted, size limits, forged tokens."""

from customers.models import Customer
from tests.api_personas import assert_error
from tests.factories import CustomerFactory


def test_walking_1000_customers_by_100_sees_each_once_while_others_are_inserted(app_api, partner_a):
    CustomerFactory.create_batch(1000, partner=partner_a)
    before = set(Customer.objects.filter(partner=partner_a).values_list("tenant_id", flat=True))
    seen, pages, url, headers = [], 0, "/v1/customers?size=100", {}
    while True:
        response = app_api.get(url, **headers)
        assert response.status_code == 200
        body = response.json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        CustomerFactory.create_batch(3, partner=partner_a)  # concurrent inserts land behind the cursor
        if "next" not in body["links"]:
            break
        following = body["links"]["next"]
        assert body["totalCount"] == 100
        if pages % 2:  # alternate the two ways of sending the token
            url = following["uri"]
            headers = {}
        else:
            url = "/v1/customers?size=100"
            headers = {"HTTP_MS_CONTINUATIONTOKEN": following["headers"][0]["value"]}
    assert len(seen) == len(set(seen))
    assert {str(t) for t in before} <= set(seen)


def test_bad_sizes_and_tokens_are_400(app_api, api_as, global_admin_a, partner_a):
    for size in ("0", "1001", "abc", "-5"):
        assert_error(app_api.get(f"/v1/customers?size={size}"), 400, 800002)
    assert_error(app_api.get("/v1/customers?continuationToken=forged"), 400)
    CustomerFactory.create_batch(3, partner=partner_a)
    token = app_api.get("/v1/customers?size=1").json()["links"]["next"]["headers"][0]["value"]
    assert_error(api_as(global_admin_a).get(f"/v1/auditrecords?continuationToken={token}"), 400)
