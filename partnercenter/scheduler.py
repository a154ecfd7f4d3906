"""One scheduler for every delayed effect (invoice close, cancellation visibility, refund credit, ...).

Apps register a handler per kind from AppConfig.ready(); services call `schedule()` inside their
transaction. Running an effect locks its row (skip locked), applies it and marks it done in one
transaction, so the Celery ETA task, the beat sweeper and a clock advance can race harmlessly.
A handler receives the effect and must treat `effect.due_at` as the instant the effect happens.

Order is due order, but only best effort: while another worker holds an earlier effect's row,
`run_due` skips it and runs later ones. A handler must therefore give the same result whatever ran
first. One target never has two effects of a kind to order (kind and target are unique); the one
cross-kind dependency today is a software credit dated after a month end whose invoice issue has
not run yet, and billing handles it: a line dated after a month end issues that month first
(`billing.services._invoice_for_line`), and the issue effect then finds it issued and does nothing.

Kinds that pile up (a cancellation per order line, an invoice per currency, a refund credit) register
a *batch handler* instead (`register_batch`): it receives a list of due effects of its kind for one
partner and applies them with a few set-based statements. `run_due` walks the partner's due rows in
due order and hands each run of consecutive rows of a batch kind, up to the kind's batch size, to
`run_batch`, which locks them (skip locked), calls the handler once and marks them all done with one
UPDATE, in one transaction: killed halfway, nothing is applied; run twice, each effect runs once
(a row already done is not locked again). A single effect of a batch kind (the Celery ETA task)
goes to the same handler as a list of one.

A failing handler rolls back its work; the failure is counted on the row (attempts, last_error)
and retried by later sweeps until MAX_ATTEMPTS, after which the row is left for an operator, who
fixes the cause and resets it with `effects_retry` (the admin's "Retry given-up effects"). A
failing batch is rolled back as a whole and its effects are then run one by one, so one poison
row is counted on its own row and never holds up the others.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F

from partnercenter import clock
from partnercenter.models import ScheduledEffect

logger = logging.getLogger(__name__)

Handler = Callable[[ScheduledEffect], None]
BatchHandler = Callable[[list[ScheduledEffect]], None]
_handlers: dict[str, Handler] = {}
_batch_handlers: dict[str, tuple[BatchHandler, int]] = {}
_on_scheduled: list[Callable[[ScheduledEffect], None]] = []


def register(kind: str) -> Callable[[Handler], Handler]:
    """Decorator: the function applies effects of `kind`."""

    def decorator(handler: Handler) -> Handler:
        _handlers[kind] = handler
        return handler

    return decorator


def register_batch(kind: str, *, batch_size: int = 500) -> Callable[[BatchHandler], BatchHandler]:
    """Decorator: the function applies a list of due effects of `kind` (one partner, at most `batch_size`).

    The handler must apply each effect at its own `due_at` and do nothing for an effect already applied.
    """

    def decorator(handler: BatchHandler) -> BatchHandler:
        _batch_handlers[kind] = (handler, batch_size)
        _handlers[kind] = lambda effect: handler([effect])
        return handler

    return decorator


def on_scheduled(listener: Callable[[ScheduledEffect], None]) -> None:
    """Called after commit for each newly scheduled effect (the Celery fast path hooks in here)."""
    _on_scheduled.append(listener)


def schedule(*, partner, kind: str, target, due_at: datetime) -> ScheduledEffect:
    """Record an effect due at `due_at` (partner clock); scheduling the same kind and target twice is a no-op."""
    if kind not in _handlers:
        raise LookupError(f"No handler registered for effect kind {kind!r}")
    effect = ScheduledEffect(
        partner=partner, kind=kind, target=str(target), due_at=due_at, attempts=0, created_at=clock.wall_now()
    )
    effect.pk = _insert_new(effect)
    if effect.pk is None:
        return ScheduledEffect.objects.get(kind=kind, target=effect.target)
    for listener in _on_scheduled:
        transaction.on_commit(lambda listener=listener, effect=effect: listener(effect))
    return effect


def _insert_new(effect: ScheduledEffect) -> int | None:
    """INSERT ... ON CONFLICT DO NOTHING: the new row's id, or None when the kind and target exist.

    One statement where get_or_create needs a read, a savepoint, the insert and its release: every
    software cancellation schedules one effect inside the API request.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO partnercenter_scheduledeffect"
            " (partner_id, kind, target, due_at, attempts, last_error, created_at)"
            " VALUES (%s, %s, %s, %s, 0, '', %s)"
            " ON CONFLICT (kind, target) DO NOTHING RETURNING id",
            [effect.partner_id, effect.kind, effect.target, effect.due_at, effect.created_at],
        )
        row = cursor.fetchone()
    return row[0] if row else None


MAX_ATTEMPTS = 10
# Due rows read per round of `run_due`: enough for a few full batches, never the whole table.
LOOKAHEAD = 2000


def run_effect(effect_id: int) -> bool:
    """Apply one effect if it is due, not done and not given up; True when this call applied it."""
    try:
        with transaction.atomic():
            effect = (
                ScheduledEffect.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("partner")
                .filter(pk=effect_id, done_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
                .first()
            )
            if effect is None or effect.due_at > clock.now(effect.partner):
                return False
            _handlers[effect.kind](effect)
            effect.done_at = clock.now(effect.partner)
            effect.attempts = F("attempts") + 1
            effect.save(update_fields=["done_at", "attempts"])
            return True
    except Exception as error:
        logger.exception("Scheduled effect %s failed", effect_id)
        ScheduledEffect.objects.filter(pk=effect_id, done_at__isnull=True).update(
            attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise


def run_batch(*, partner, kind: str, effect_ids: list[int]) -> int:
    """Apply the effects of a batch kind among `effect_ids` that are still due, in one transaction.

    Rows already done, given up, not yet due or locked by another worker are left out. Returns how
    many effects this call applied. When the handler fails, the batch is rolled back and each
    effect is run on its own (`run_effect`), which records a failure on the failing row only.
    """
    handler, _size = _batch_handlers[kind]
    try:
        with transaction.atomic():
            now = clock.now(partner)
            effects = list(
                ScheduledEffect.objects.select_for_update(skip_locked=True)
                .filter(
                    pk__in=effect_ids,
                    partner=partner,
                    kind=kind,
                    done_at__isnull=True,
                    due_at__lte=now,
                    attempts__lt=MAX_ATTEMPTS,
                )
                .order_by("due_at", "id")
            )
            if not effects:
                return 0
            for effect in effects:
                effect.partner = partner
            handler(effects)
            return ScheduledEffect.objects.filter(pk__in=[effect.pk for effect in effects]).update(
                done_at=now, attempts=F("attempts") + 1
            )
    except Exception:
        logger.exception("A batch of %s %s effects failed: running them one by one", len(effect_ids), kind)
    applied = 0
    for effect_id in effect_ids:
        try:
            applied += run_effect(effect_id)
        except Exception:  # noqa: S112 - run_effect logged it and recorded it on the row
            continue
    return applied


def effects_retry(*, effect_ids) -> int:
    """Give effects an operator has fixed the cause of a fresh start; the number of effects reset.

    Only rows still pending and given up (MAX_ATTEMPTS failures) change: attempts back to 0 and
    last_error cleared, in one statement, so a row done or retried meanwhile is left as it is. The
    next sweep (or clock advance) runs them like any due effect.
    """
    with transaction.atomic():
        return ScheduledEffect.objects.filter(
            pk__in=list(effect_ids), done_at__isnull=True, attempts__gte=MAX_ATTEMPTS
        ).update(attempts=0, last_error="")


def due_effect_ids(*, partner, limit: int = 100) -> list[int]:
    """Ids of the partner's pending effects due in its clock, oldest first (poison rows excluded)."""
    return list(
        ScheduledEffect.objects.filter(
            partner=partner, done_at__isnull=True, due_at__lte=clock.now(partner), attempts__lt=MAX_ATTEMPTS
        )
        .order_by("due_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def _due_effects(*, partner, limit: int) -> list[tuple[int, str]]:
    """(id, kind) of the partner's pending effects due in its clock, oldest first (poison rows excluded)."""
    return list(
        ScheduledEffect.objects.filter(
            partner=partner, done_at__isnull=True, due_at__lte=clock.now(partner), attempts__lt=MAX_ATTEMPTS
        )
        .order_by("due_at", "id")
        .values_list("pk", "kind")[:limit]
    )


def _runs(due: list[tuple[int, str]]):
    """Split due rows into what runs together: a stretch of one batch kind (up to its size), or one row."""
    index = 0
    while index < len(due):
        kind = due[index][1]
        size = _batch_handlers[kind][1] if kind in _batch_handlers else 1
        run = [due[index][0]]
        index += 1
        while len(run) < size and index < len(due) and due[index][1] == kind:
            run.append(due[index][0])
            index += 1
        yield kind, run


def partners_with_pending_effects():
    """Partners owning a pending effect, found through the scheduler's own rows (the core names no app)."""
    partner_model = ScheduledEffect._meta.get_field("partner").related_model
    pending = ScheduledEffect.objects.filter(done_at__isnull=True).values("partner_id")
    return partner_model.objects.filter(pk__in=pending)


def run_due(*, partner=None, max_rounds: int = 1000) -> int:
    """Run every due effect in due order, including effects that handlers schedule as they run.

    Consecutive effects of a batch kind run as one batch. A failing effect is logged, counted on its
    row and left for the next sweep; the others go on.
    """
    partners = [partner] if partner is not None else list(partners_with_pending_effects())
    processed = 0
    for each in partners:
        for _ in range(max_rounds):
            ran = 0
            for kind, run in _runs(_due_effects(partner=each, limit=LOOKAHEAD)):
                if len(run) > 1:
                    ran += run_batch(partner=each, kind=kind, effect_ids=run)
                    continue
                try:
                    ran += run_effect(run[0])
                except Exception:  # noqa: S112 - run_effect logged it and recorded it on the row
                    continue
            processed += ran
            if ran == 0:
                break
    return processed
