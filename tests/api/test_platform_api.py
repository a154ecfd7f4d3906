"""/v1/auditrecords (90-day retention, filter) and /v1/simulation/clock (never back, runs due effects)."""

import json
from datetime import timedelta
from urllib.parse import quote

from accounts.models import Role
from partnercenter import clock, scheduler
from partnercenter.audit import audit_record_write
from partnercenter.models import AuditRecord, ScheduledEffect
from tests.api_personas import assert_error
from tests.platform.worker_effects import KIND


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
    clock.clock_advance(partner=partner_a, by=timedelta(days=200))
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


def test_clock_get_freeze_resume(app_api, partner_a):
    body = app_api.get("/v1/simulation/clock").json()
    assert body["frozen"] is False and body["now"]
    frozen = app_api.post("/v1/simulation/clock/freeze").json()
    assert frozen["frozen"] is True
    assert app_api.get("/v1/simulation/clock").json()["now"] == frozen["now"]
    assert app_api.post("/v1/simulation/clock/resume").json()["frozen"] is False


def test_clock_advance_runs_due_effects_in_order(app_api, partner_a):
    app_api.post("/v1/simulation/clock/freeze")
    partner_a.refresh_from_db()
    now = clock.now(partner_a)
    for days, target in ((20, "b"), (10, "a"), (40, "late")):
        scheduler.schedule(partner=partner_a, kind=KIND, target=target, due_at=now + timedelta(days=days))
    response = app_api.post("/v1/simulation/clock/advance", {"by": "P30D"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["processed"] == 2
    assert response.json()["now"] == (now + timedelta(days=30)).isoformat()
    ran = AuditRecord.objects.filter(operation_type="test_effect").order_by("id")
    assert [r.customized_data[0]["value"] for r in ran] == ["a", "b"]
    assert ScheduledEffect.objects.get(target="late").done_at is None
    target = (now + timedelta(days=45)).isoformat()
    assert app_api.post("/v1/simulation/clock/advance", {"to": target}, format="json").json()["processed"] == 1
    month = app_api.post("/v1/simulation/clock/advance", {"by": "P1M"}, format="json")
    assert month.status_code == 200


def test_clock_never_moves_back_and_bad_input_is_400(app_api, partner_a):
    clock.clock_freeze(partner=partner_a)
    before = clock.now(partner_a)
    past = (before - timedelta(days=1)).isoformat()
    for body in (
        {"to": "9999-12-31T23:59:59Z"},  # past clock.LATEST: every rule's arithmetic would overflow
        {"by": "P999999999D"},
        {"by": "P9999Y"},
        {"by": "P99999999999999999999D"},
        {"to": past},
        {"by": "-P1D"},
        {"by": "PT0S"},
        {"by": "thirty days"},
        {"to": "2026-01-01T00:00:00"},  # no offset
        {"to": "tomorrow"},
        {},
        {"to": past, "by": "P1D"},
        {"by": 30},
        ["P1D"],
    ):
        assert_error(app_api.post("/v1/simulation/clock/advance", body, format="json"), 400)
    assert_error(app_api.post("/v1/simulation/clock/advance", "{", content_type="application/json"), 400)
    partner_a.refresh_from_db()
    assert clock.now(partner_a) == before


def test_clock_needs_its_capability(api_as, make_user):
    helpdesk = api_as(make_user(Role.HELPDESK_AGENT))
    assert_error(helpdesk.get("/v1/simulation/clock"), 403)
    assert_error(helpdesk.post("/v1/simulation/clock/advance", {"by": "P1D"}, format="json"), 403)
