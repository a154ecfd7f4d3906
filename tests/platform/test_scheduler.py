"""Delayed effects: exactly once under races, the Celery settings that keep it so, a real worker."""

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from billing.models import Invoice, InvoiceLine, InvoiceStatus
from commerce.services import order_cancel
from partnercenter import clock, scheduler, tasks
from partnercenter.audit import audit_record_write
from partnercenter.celery import app
from partnercenter.models import AuditRecord, ScheduledEffect
from simulation.services import clock_advance
from tests.platform.worker_effects import KIND

ROOT = Path(__file__).resolve().parents[2]


def schedule_touches(partner, count, *, due_in=timedelta(hours=1)):
    due = clock.now(partner) + due_in
    with transaction.atomic():
        return [scheduler.schedule(partner=partner, kind=KIND, target=f"t{i}", due_at=due) for i in range(count)]


def test_celery_settings_never_let_redis_redeliver_a_waiting_task():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    app.loader.import_default_modules()  # every app's tasks.py, so a new task is checked too
    ours = [task for name, task in app.tasks.items() if not name.startswith("celery.")]
    assert tasks.run_scheduled_effect in ours and tasks.purge_idempotency_records in ours
    for task in ours:
        assert task.acks_late and task.reject_on_worker_lost, task.name
        if getattr(task, "autoretry_for", None):
            assert task.retry_backoff_max < visibility and task.max_retries is not None, task.name
    assert tasks.max_countdown() < visibility
    beat = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert beat["partnercenter.tasks.sweep_due_effects"] == 60.0


def test_countdown_follows_the_partner_clock_and_is_clipped(partner_a):
    clock.clock_freeze(partner=partner_a)
    now = clock.now(partner_a)
    effect = ScheduledEffect(partner=partner_a, kind=KIND, target="x", due_at=now + timedelta(minutes=15))
    assert tasks.countdown_for(effect) == 900
    effect.due_at = now - timedelta(days=1)
    assert tasks.countdown_for(effect) == 0
    effect.due_at = now + timedelta(days=400)
    assert tasks.countdown_for(effect) == tasks.max_countdown()


def test_scheduling_sends_the_eta_task_after_commit(partner_a, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.run_scheduled_effect, "apply_async", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        (effect,) = schedule_touches(partner_a, 1, due_in=timedelta(minutes=15))
    assert sent == [{"args": [effect.pk], "countdown": pytest.approx(900, abs=2)}]


def test_broker_down_does_not_break_the_write(partner_a, django_capture_on_commit_callbacks, monkeypatch):
    def refuse(**kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.run_scheduled_effect, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_touches(partner_a, 1)
    assert ScheduledEffect.objects.filter(done_at__isnull=True).count() == 1
    clock_advance(partner=partner_a, by=timedelta(hours=2))
    assert AuditRecord.objects.filter(operation_type="test_effect").count() == 1


def test_sweeper_runs_only_due_effects_once(partner_a):
    schedule_touches(partner_a, 3)
    assert tasks.sweep_due_effects() == 0
    clock.clock_freeze(partner=partner_a)
    partner_a.clock_frozen_at += timedelta(hours=2)
    partner_a.save(update_fields=["clock_frozen_at"])
    assert tasks.sweep_due_effects() == 3
    assert tasks.sweep_due_effects() == 0
    assert AuditRecord.objects.filter(operation_type="test_effect").count() == 3


@pytest.mark.django_db(transaction=True)
def test_advance_sweeper_and_eta_tasks_racing_apply_each_effect_once(partner_a):
    effects = schedule_touches(partner_a, 30)
    start = threading.Barrier(4)

    def race(work):
        try:
            start.wait()
            work()
        finally:
            connection.close()

    workers = [
        lambda: clock_advance(partner=partner_a, by=timedelta(hours=2)),
        tasks.sweep_due_effects,
        lambda: [tasks.run_scheduled_effect(effect.pk) for effect in effects],
        lambda: [tasks.run_scheduled_effect(effect.pk) for effect in reversed(effects)],
    ]
    threads = [threading.Thread(target=race, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tasks.sweep_due_effects()  # whatever the racers skipped as not yet due is due now
    targets = sorted(r.customized_data[0]["value"] for r in AuditRecord.objects.filter(operation_type="test_effect"))
    assert targets == sorted(f"t{i}" for i in range(30))
    assert not ScheduledEffect.objects.filter(done_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_runs_a_due_effect(partner_a):
    """A worker process (solo pool) against this test database and the test broker runs the ETA task."""
    app.control.purge()
    (effect,) = schedule_touches(partner_a, 1, due_in=timedelta(0))  # due now: sent on commit with countdown 0
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnercenter.settings_test",
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"],
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "partnercenter",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "-I",
            "tests.platform.worker_effects",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            effect.refresh_from_db()
            if effect.done_at is not None:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert effect.done_at is not None, output
    assert AuditRecord.objects.filter(operation_type="test_effect").count() == 1


FAILING_KIND = "tests.always_fails"


@scheduler.register(FAILING_KIND)
def always_fails(effect):
    audit_record_write(partner=effect.partner, actor=None, operation_type="half_done", resource_type="test")
    raise RuntimeError(f"cannot apply {effect.target}")


def test_a_failing_effect_is_rolled_back_counted_and_given_up_after_max_attempts(partner_a):
    clock.clock_freeze(partner=partner_a)
    due = clock.now(partner_a)
    poison = scheduler.schedule(partner=partner_a, kind=FAILING_KIND, target="poison", due_at=due)
    healthy = scheduler.schedule(partner=partner_a, kind=KIND, target="healthy", due_at=due)

    assert scheduler.run_due(partner=partner_a) == 1  # the healthy effect is not held up by the poison
    poison.refresh_from_db()
    assert poison.done_at is None and poison.attempts >= 1
    assert poison.last_error == "RuntimeError: cannot apply poison"
    assert not AuditRecord.objects.filter(operation_type="half_done").exists()  # its work rolled back
    healthy.refresh_from_db()
    assert healthy.done_at is not None

    for _ in range(scheduler.MAX_ATTEMPTS):
        scheduler.run_due(partner=partner_a)
        tasks.sweep_due_effects()
    poison.refresh_from_db()
    assert poison.attempts == scheduler.MAX_ATTEMPTS and poison.done_at is None
    assert scheduler.due_effect_ids(partner=partner_a) == []
    assert tasks.run_scheduled_effect(poison.pk) is False  # a late ETA delivery leaves it alone too
    poison.refresh_from_db()
    assert poison.attempts == scheduler.MAX_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_a_later_effect_run_while_an_earlier_one_is_held_gives_the_in_order_ledger(
    buy, customer_a, partner_a, admin_agent_a
):
    """A cancellation due after the month end runs while another worker holds the month's issue effect."""
    purchase = buy(customer_a)  # 10 January 2030: charged on January's invoice, its issue due 1 February
    partner_a.clock_frozen_at = datetime(2030, 1, 31, 23, 55, tzinfo=UTC)
    partner_a.save(update_fields=["clock_frozen_at"])
    order_cancel(customer=customer_a, order_id=purchase.order_line.order.order_id, actor=admin_agent_a)
    issue = ScheduledEffect.objects.get(kind="billing.issue_invoice")
    cancellation = ScheduledEffect.objects.get(kind="software.cancellation_takes_effect")
    assert issue.due_at < cancellation.due_at
    # Both are due; no sweep has run yet.
    partner_a.clock_frozen_at = datetime(2030, 2, 1, 1, 0, tzinfo=UTC)
    partner_a.save(update_fields=["clock_frozen_at"])

    held, release = threading.Event(), threading.Event()

    def hold_issue_row():
        try:
            with transaction.atomic():
                ScheduledEffect.objects.select_for_update().get(pk=issue.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_issue_row)
    holder.start()
    try:
        assert held.wait(10)
        assert scheduler.run_due(partner=partner_a) == 1  # only the cancellation: the issue row is skipped
    finally:
        release.set()
        holder.join()
    assert scheduler.run_due(partner=partner_a) == 1  # the issue effect, now a no-op

    january = Invoice.objects.get(partner=partner_a, billing_period_start=datetime(2030, 1, 1, tzinfo=UTC))
    assert (january.status, january.issued_at) == (InvoiceStatus.ISSUED, datetime(2030, 2, 1, tzinfo=UTC))
    credit = InvoiceLine.objects.get(source=f"software.cancel:{purchase.order_line.pk}")
    assert credit.invoice.billing_period_start == datetime(2030, 2, 1, tzinfo=UTC)
    assert credit.invoice.status == InvoiceStatus.OPEN
    assert january.lines.filter(kind="charge").count() == 1 and not january.lines.filter(kind="credit").exists()
    assert AuditRecord.objects.filter(operation_type="ready_invoice").count() == 1
    assert not ScheduledEffect.objects.filter(done_at__isnull=True, due_at__lte=datetime(2030, 2, 1, 1, tzinfo=UTC))
