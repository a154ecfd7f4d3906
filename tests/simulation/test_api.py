"""/v1/simulation/clock: read, freeze, resume; advance never moves back and runs due effects."""

from datetime import datetime, timedelta

from accounts.models import Role
from partnercenter import clock, scheduler
from partnercenter.models import AuditRecord, ScheduledEffect
from tests.api_personas import assert_error
from tests.platform.worker_effects import KIND


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
    assert datetime.fromisoformat(response.json()["now"]) == now + timedelta(days=30)
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
