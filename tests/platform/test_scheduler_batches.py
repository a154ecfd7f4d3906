"""Batch handlers: one call per stretch of due rows, each effect once, all or nothing, poison isolated."""

from datetime import timedelta

from partnercenter import clock, scheduler
from partnercenter.audit import audit_record_build, audit_records_write
from partnercenter.models import AuditRecord, ScheduledEffect

KIND = "tests.batch_touch"
calls: list[list[str]] = []


@scheduler.register_batch(KIND, batch_size=4)
def touch_many(effects):
    """One audit record per effect in one INSERT; a target named "poison" fails the whole batch after it."""
    calls.append([effect.target for effect in effects])
    audit_records_write(
        [
            audit_record_build(
                partner=effect.partner,
                actor=None,
                operation_type="batch_effect",
                resource_type="test",
                customized_data={"target": effect.target},
                when=effect.due_at,
            )
            for effect in effects
        ]
    )
    if any(effect.target == "poison" for effect in effects):
        raise RuntimeError("cannot apply poison")


def due_now(partner, targets):
    clock.clock_freeze(partner=partner)
    now = clock.now(partner)
    return [
        scheduler.schedule(partner=partner, kind=KIND, target=t, due_at=now - timedelta(minutes=1)) for t in targets
    ]


def applied():
    return sorted(r.customized_data[0]["value"] for r in AuditRecord.objects.filter(operation_type="batch_effect"))


def test_due_rows_run_in_batches_of_the_kind_size_each_once(partner_a):
    calls.clear()
    due_now(partner_a, [f"t{i}" for i in range(10)])

    assert scheduler.run_due(partner=partner_a) == 10
    assert [len(call) for call in calls] == [4, 4, 2]
    assert scheduler.run_due(partner=partner_a) == 0  # run twice: nothing runs again
    assert applied() == sorted(f"t{i}" for i in range(10))
    assert not ScheduledEffect.objects.filter(done_at__isnull=True).exists()
    assert set(ScheduledEffect.objects.values_list("attempts", flat=True)) == {1}


def test_a_batch_run_again_by_id_applies_nothing(partner_a):
    effects = due_now(partner_a, ["a", "b", "c"])
    ids = [effect.pk for effect in effects]

    assert scheduler.run_batch(partner=partner_a, kind=KIND, effect_ids=ids) == 3
    assert scheduler.run_batch(partner=partner_a, kind=KIND, effect_ids=ids) == 0
    assert scheduler.run_effect(ids[0]) is False
    assert applied() == ["a", "b", "c"]


def test_a_poison_row_fails_alone_and_its_batch_mates_are_applied_once(partner_a):
    calls.clear()
    poison, *healthy = due_now(partner_a, ["poison", "h1", "h2", "h3"])

    assert scheduler.run_due(partner=partner_a) == 3
    assert calls[0] == ["poison", "h1", "h2", "h3"]  # the batch, rolled back, then one by one
    assert applied() == ["h1", "h2", "h3"]  # the failed batch's records were rolled back
    poison.refresh_from_db()
    assert poison.done_at is None and poison.attempts >= 1
    assert poison.last_error == "RuntimeError: cannot apply poison"
    for effect in healthy:
        effect.refresh_from_db()
        assert effect.done_at is not None and effect.attempts == 1 and effect.last_error == ""

    for _ in range(scheduler.MAX_ATTEMPTS):
        scheduler.run_due(partner=partner_a)
    poison.refresh_from_db()
    assert poison.attempts == scheduler.MAX_ATTEMPTS and poison.done_at is None
    assert applied() == ["h1", "h2", "h3"]


def test_a_batch_killed_halfway_leaves_every_row_pending_and_nothing_written(partner_a, monkeypatch):
    effects = due_now(partner_a, ["k1", "k2", "poison", "k4"])
    # The worker dies when the handler fails: the one-by-one fallback never runs.
    monkeypatch.setattr(scheduler, "run_effect", lambda effect_id: False)

    assert scheduler.run_batch(partner=partner_a, kind=KIND, effect_ids=[e.pk for e in effects]) == 0

    assert applied() == []  # k1 and k2 were written before the failure, and rolled back with it
    assert ScheduledEffect.objects.filter(done_at__isnull=True).count() == 4
    assert set(ScheduledEffect.objects.values_list("attempts", flat=True)) == {0}
