"""Celery side of the scheduler: thin tasks over `partnercenter.scheduler`, and the on-commit fast path.

The database row is the truth of what is due. Each newly scheduled effect is sent as an ETA task
after commit (fast path); the beat sweeper runs every due row every minute (the guarantee), and a
clock advance runs the partner's rows itself. Countdowns and retry backoff stay below the broker's
visibility timeout, so Redis never redelivers a delayed task while it is still waiting.
"""

import logging
import math

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from partnercenter import clock, scheduler
from partnercenter.models import IdempotencyRecord

logger = logging.getLogger(__name__)

# Seconds kept between the longest delay we ask the broker for and its visibility timeout.
VISIBILITY_MARGIN = 300
RETRY_BACKOFF_MAX = 600


def visibility_timeout() -> int:
    return int(settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600))


def max_countdown() -> int:
    return visibility_timeout() - VISIBILITY_MARGIN


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=5,
)
def run_scheduled_effect(effect_id: int) -> bool:
    """Apply one effect if due and not done; a duplicate or early delivery is a no-op."""
    return scheduler.run_effect(effect_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_due_effects() -> int:
    """Beat, every minute: run every due effect of every partner (idempotent; rows are locked one by one)."""
    return scheduler.run_due()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def purge_idempotency_records() -> int:
    """Beat, hourly: forget MS-RequestId answers older than the retention (at least 24 hours)."""
    cutoff = clock.wall_now() - settings.API_IDEMPOTENCY_RETENTION
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def countdown_for(effect) -> int:
    """Seconds until the effect is due in its partner's clock, clipped to [0, visibility timeout - margin].

    A far-future effect gets an early, harmless delivery (run_effect refuses it until due) and is
    then left to the sweeper or to a clock advance.
    """
    remaining = (effect.due_at - clock.now(effect.partner)).total_seconds()
    return min(max(math.ceil(remaining), 0), max_countdown())


def enqueue_effect(effect) -> None:
    """scheduler.on_scheduled listener (runs after commit): never breaks the request if the broker is down."""
    try:
        run_scheduled_effect.apply_async(args=[effect.pk], countdown=countdown_for(effect))
    except Exception:  # the sweeper runs the row anyway
        logger.warning("Could not enqueue scheduled effect %s; the sweeper will run it", effect.pk, exc_info=True)
