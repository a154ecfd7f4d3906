"""/v1/auditrecords: the 90-day window, the filter, the partner clock, the capability."""

import json
from datetime import timedelta
from urllib.parse import quote

from partnercenter import clock
from partnercenter.audit import audit_record_write
from simulation.services import clock_advance
from tests.api_personas import assert_error


def test_audit_records_window_filter_and_shape(api_as, global_admin_a, partner_a, customer_a, customer_b):
    api = api_as(global_admin_a)
    now = clock.now(partner_a)
    audit_record_write(
        partner=partner_a,
        actor=global_admin_a,
        operation_type="create_order",
        resource_type="order",
        customer=customer_a,
        when=now - timedelta(days=3),
    )
    audit_record_write(
        partner=partner_a, actor=None, operation_type="old_one", resource_type="order", when=now - timedelta(days=45)
    )
    audit_record_write(
        partner=customer_b.partner, actor=None, operation_type="not_mine", resource_type="order", when=now
    )
    body = api.get("/v1/auditrecords").json()
    operations = [item["operationType"] for item in body["items"]]
    assert "create_order" in operations and "old_one" not in operations and "not_mine" not in operations
    order = next(item for item in body["items"] if item["operationType"] == "create_order")
    assert order["customerName"] == "Alpha Srl" and order["userPrincipalName"] == global_admin_a.username
    assert order["attributes"] == {"objectType": "AuditRecord"} and order["partnerId"] == str(partner_a.tenant_id)
    start = (now - timedelta(days=60)).date().isoformat()
    assert "old_one" in [i["operationType"] for i in api.get(f"/v1/auditrecords?startDate={start}").json()["items"]]
    flt = quote(json.dumps({"Field": "CompanyName", "Value": "alp", "Operator": "substring"}))
    filtered = api.get(f"/v1/auditrecords?startDate={start}&filter={flt}").json()["items"]
    assert [(i["operationType"], i["customerName"]) for i in filtered] == [("create_order", "Alpha Srl")]
    by_id = quote(json.dumps({"Field": "CustomerId", "Value": str(customer_a.tenant_id), "Operator": "equals"}))
    assert {i["customerId"] for i in api.get(f"/v1/auditrecords?filter={by_id}").json()["items"]} == {
        str(customer_a.tenant_id)
    }


def test_audit_records_bad_inputs_are_400(api_as, global_admin_a, partner_a):
    api = api_as(global_admin_a)
    too_old = (clock.now(partner_a) - timedelta(days=91)).date().isoformat()
    assert assert_error(api.get(f"/v1/auditrecords?startDate={too_old}"), 400)["errorName"] == "StartDateOutOfRange"
    for query in (
        "startDate=yesterday",
        "endDate=2026-13-45",
        "filter=notjson",
        "filter=" + quote(json.dumps({"Field": "Password", "Value": "x"})),
        "filter=" + quote(json.dumps({"Field": "CompanyName", "Value": "x", "Operator": "regex"})),
        "filter=" + quote(json.dumps(["CompanyName"])),
        "size=5000",
    ):
        assert_error(api.get(f"/v1/auditrecords?{query}"), 400)
    today = clock.now(partner_a).date()
    assert_error(api.get(f"/v1/auditrecords?startDate={today}&endDate={today - timedelta(days=2)}"), 400)


def test_audit_records_follow_the_partner_clock(api_as, global_admin_a, partner_a):
    clock_advance(partner=partner_a, by=timedelta(days=200))
    start = (clock.now(partner_a) - timedelta(days=10)).date().isoformat()
    assert api_as(global_admin_a).get(f"/v1/auditrecords?startDate={start}").status_code == 200


def test_audit_records_need_the_activity_log_capability(app_api, api_as, admin_agent_a):
    assert_error(app_api.get("/v1/auditrecords"), 403)
    assert_error(api_as(admin_agent_a).get("/v1/auditrecords"), 403)


def test_audit_records_query_budget(api_as, global_admin_a, partner_a, django_assert_max_num_queries):
    for i in range(40):
        audit_record_write(partner=partner_a, actor=None, operation_type=f"op{i}", resource_type="order")
    api = api_as(global_admin_a)
    with django_assert_max_num_queries(4):
        assert api.get("/v1/auditrecords?size=30").json()["totalCount"] == 30


def test_the_api_and_the_activity_log_page_keep_the_same_90_days(api_as, client_as, global_admin_a, partner_a):
    """One rule (partnercenter.audit.audit_window_check): the first day kept is accepted by both, the day before
    refused by both."""
    api, page = api_as(global_admin_a), client_as(global_admin_a)
    today = clock.now(partner_a).date()
    first, before = (today - timedelta(days=90)).isoformat(), (today - timedelta(days=91)).isoformat()
    assert api.get(f"/v1/auditrecords?startDate={first}").status_code == 200
    assert page.get("/activity-log/", {"start_date": first, "end_date": today.isoformat()}).status_code == 200
    refused = assert_error(api.get(f"/v1/auditrecords?startDate={before}"), 400)
    assert refused["errorName"] == "StartDateOutOfRange" and f"on or after {first}" in refused["description"]
    shown = page.get("/activity-log/", {"start_date": before, "end_date": today.isoformat()})
    assert shown.status_code == 400 and f"on or after {first}" in shown.content.decode()
    backwards = assert_error(api.get(f"/v1/auditrecords?startDate={today}&endDate={first}"), 400)
    assert backwards["errorName"] == "InvalidDateRange"
