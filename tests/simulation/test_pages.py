"""The Simulation clock page and the partner admin's "Advance simulation clock" action."""

from datetime import timedelta

from partnercenter import clock, scheduler
from partnercenter.models import ScheduledEffect
from tests.platform.test_pages import superuser_client
from tests.platform.worker_effects import KIND


def test_clock_page_shows_pending_effects_and_advances(client_as, admin_agent_a, partner_a):
    clock.clock_freeze(partner=partner_a)
    scheduler.schedule(partner=partner_a, kind=KIND, target="p1", due_at=clock.now(partner_a) + timedelta(days=2))
    client = client_as(admin_agent_a)
    page = client.get("/simulation/clock/")
    assert page.status_code == 200 and b"tests.touch" in page.content and b"Frozen" in page.content
    assert b'href="/simulation/clock/"' in page.content  # nav entry
    done = client.post("/simulation/clock/", {"action": "advance", "by": "P3D"}, follow=True)
    assert b"1 scheduled effects ran" in done.content
    assert ScheduledEffect.objects.get(target="p1").done_at is not None


def test_clock_page_refuses_bad_moves(client_as, admin_agent_a, partner_a):
    client = client_as(admin_agent_a)
    bad = client.post("/simulation/clock/", {"action": "advance", "by": "soon"})
    assert bad.status_code == 400 and b"not an ISO 8601 duration" in bad.content
    past = (clock.now(partner_a) - timedelta(days=1)).isoformat()
    back = client.post("/simulation/clock/", {"action": "advance", "to": past})
    assert back.status_code == 400 and b"never moves back" in back.content
    both = client.post("/simulation/clock/", {"action": "advance", "to": past, "by": "P1D"})
    assert both.status_code == 400
    client.post("/simulation/clock/", {"action": "freeze"})
    partner_a.refresh_from_db()
    assert partner_a.clock_frozen_at is not None
    client.post("/simulation/clock/", {"action": "resume"})
    partner_a.refresh_from_db()
    assert partner_a.clock_frozen_at is None


def test_clock_page_needs_its_capability(client_as, helpdesk_agent_a):
    client = client_as(helpdesk_agent_a)
    assert client.get("/simulation/clock/").status_code == 403
    assert b"/simulation/clock/" not in client.get("/customers/").content


def test_admin_action_advances_the_clock_through_a_form(client, partner_a):
    clock.clock_freeze(partner=partner_a)
    before = clock.now(partner_a)
    client = superuser_client(client)
    url = "/admin/accounts/partner/"
    form = client.post(url, {"action": "advance_simulation_clock", "_selected_action": [partner_a.pk]})
    assert form.status_code == 200 and b"Advance by" in form.content
    client.post(
        url, {"action": "advance_simulation_clock", "_selected_action": [partner_a.pk], "apply": "1", "by": "P1D"}
    )
    partner_a.refresh_from_db()
    assert clock.now(partner_a) == before + timedelta(days=1)


def test_admin_clock_action_refuses_bad_moves_and_leaves_the_clock(client, partner_a):
    clock.clock_freeze(partner=partner_a)
    frozen_at = clock.now(partner_a)
    client = superuser_client(client)
    url = "/admin/accounts/partner/"
    action = {"action": "advance_simulation_clock", "_selected_action": [partner_a.pk], "apply": "1"}

    garbled = client.post(url, {**action, "by": "soon"}, follow=True)
    back = client.post(url, {**action, "to": (frozen_at - timedelta(days=1)).isoformat()}, follow=True)

    assert b"not an ISO 8601 duration" in garbled.content
    assert b"never moves back" in back.content
    partner_a.refresh_from_db()
    assert clock.now(partner_a) == frozen_at
