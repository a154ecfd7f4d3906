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

A failing handler rolls back its work; the failure is counted on the row (attempts, last_error)
and retried by later sweeps until MAX_ATTEMPTS, after which the row is left for an operator, who
fixes the cause and resets it with `effects_retry` (the admin's "Retry given-up effects").
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.db.models import F

from partnercenter import clock
from partnercenter.models import ScheduledEffect

logger = logging.getLogger(__name__)

Handler = Callable[[ScheduledEffect], None]
_handlers: dict[str, Handler] = {}
_on_scheduled: list[Callable[[ScheduledEffect], None]] = []


def register(kind: str) -> Callable[[Handler], Handler]:
    """Decorator: the function applies effects of `kind`."""

    def decorator(handler: Handler) -> Handler:
        _handlers[kind] = handler
        return handler

    return decorator


def on_scheduled(listener: Callable[[ScheduledEffect], None]) -> None:
    """Called after commit for each newly scheduled effect (the Celery fast path hooks in here)."""
    _on_scheduled.append(listener)


def schedule(*, partner, kind: str, target, due_at: datetime) -> ScheduledEffect:
    """Record an effect due at `due_at` (partner clock); scheduling the same kind and target twice is a no-op."""
    if kind not in _handlers:
        raise LookupError(f"No handler registered for effect kind {kind!r}")
    effect, created = ScheduledEffect.objects.get_or_create(
        kind=kind, target=str(target), defaults={"partner": partner, "due_at": due_at}
    )
    if created:
        for listener in _on_scheduled:
            transaction.on_commit(lambda listener=listener, effect=effect: listener(effect))
    return effect


MAX_ATTEMPTS = 10


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


def partners_with_pending_effects():
    """Partners owning a pending effect, found through the scheduler's own rows (the core names no app)."""
    partner_model = ScheduledEffect._meta.get_field("partner").related_model
    pending = ScheduledEffect.objects.filter(done_at__isnull=True).values("partner_id")
    return partner_model.objects.filter(pk__in=pending)


def run_due(*, partner=None, max_rounds: int = 1000) -> int:
    """Run every due effect in due order, including effects that handlers schedule as they run.

    A failing effect is logged, counted on its row and left for the next sweep; the others go on.
    """
    partners = [partner] if partner is not None else list(partners_with_pending_effects())
    processed = 0
    for each in partners:
        for _ in range(max_rounds):
            ids = due_effect_ids(partner=each, limit=50)
            ran = 0
            for effect_id in ids:
                try:
                    ran += run_effect(effect_id)
                except Exception:  # noqa: S112 - run_effect logged it and recorded it on the row
                    continue
            processed += ran
            if ran == 0:
                break
    return processed
