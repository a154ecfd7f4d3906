"""Given-up effects: an operator resets them (service or admin action) and the next sweep runs them."""

from django.contrib.auth.models import Permission

from partnercenter import clock, scheduler
from partnercenter.models import AuditRecord, ScheduledEffect
from tests.factories import UserFactory
from tests.platform.worker_effects import KIND

URL = "/admin/partnercenter/scheduledeffect/"


def effects(partner, **states):
    """{target: effect} due now, each given {field: value} (e.g. attempts, done_at, last_error)."""
    clock.clock_freeze(partner=partner)
    rows = {}
    for target, fields in states.items():
        effect = scheduler.schedule(partner=partner, kind=KIND, target=target, due_at=clock.now(partner))
        ScheduledEffect.objects.filter(pk=effect.pk).update(**fields)
        rows[target] = effect
    return rows


def given_up(**extra):
    return {"attempts": scheduler.MAX_ATTEMPTS, "last_error": "RuntimeError: boom", **extra}


def test_the_service_resets_only_pending_given_up_effects_and_the_sweep_runs_them(partner_a):
    rows = effects(
        partner_a,
        stuck=given_up(),
        failing=given_up(attempts=3),
        done=given_up(done_at=clock.now(partner_a)),
    )

    count = scheduler.effects_retry(effect_ids=[row.pk for row in rows.values()])

    assert count == 1
    stuck = ScheduledEffect.objects.get(target="stuck")
    assert (stuck.attempts, stuck.last_error, stuck.done_at) == (0, "", None)
    failing = ScheduledEffect.objects.get(target="failing")
    assert (failing.attempts, failing.last_error) == (3, "RuntimeError: boom")  # still being retried
    assert scheduler.run_due(partner=partner_a) == 2  # stuck again, and failing as before
    ran = AuditRecord.objects.filter(operation_type="test_effect").values_list("customized_data", flat=True)
    assert {"key": "target", "value": "stuck"} in [data[0] for data in ran]
    assert scheduler.effects_retry(effect_ids=[stuck.pk]) == 0  # done now: nothing to reset


def test_the_admin_action_retries_and_says_how_many(client, partner_a):
    rows = effects(partner_a, stuck=given_up(), other=given_up(), fresh={"attempts": 0})
    client.force_login(UserFactory(partner=None, is_staff=True, is_superuser=True))

    response = client.post(
        URL,
        {"action": "retry_given_up", "_selected_action": [rows["stuck"].pk, rows["fresh"].pk]},
        follow=True,
    )

    assert "1 given-up effect will run at the next sweep." in response.content.decode()
    assert ScheduledEffect.objects.get(target="stuck").attempts == 0
    assert ScheduledEffect.objects.get(target="other").attempts == scheduler.MAX_ATTEMPTS  # not selected
    assert scheduler.run_due(partner=partner_a) == 2  # stuck and fresh


def test_staff_who_may_only_view_effects_cannot_retry(client, partner_a):
    rows = effects(partner_a, stuck=given_up())
    viewer = UserFactory(partner=None, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_scheduledeffect"))
    client.force_login(viewer)

    listing = client.get(URL)
    client.post(URL, {"action": "retry_given_up", "_selected_action": [rows["stuck"].pk]})

    assert listing.status_code == 200 and b"retry_given_up" not in listing.content
    assert ScheduledEffect.objects.get(target="stuck").attempts == scheduler.MAX_ATTEMPTS
