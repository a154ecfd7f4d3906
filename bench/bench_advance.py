"""Time-driven jobs: a month of the bench partner's clock, and due cancellations one by one vs in batches.

Run on a database that `manage.py generate_load --scale small|large --seed N` built:

    python -m bench.bench_advance cancellations --count 300   # the same 300-effect shape, both paths
    python -m bench.bench_advance month                        # advance the bench partner by one month

Both first ANALYZE the database (not timed: a bulk load leaves stale statistics), and both commit
what they do, as a real clock advance would: each `month` run advances one more month, and
`cancellations` runs while there are active software lines left. Figures: effects applied by kind
(each reservation-day, instalment, expiry, renewal, cancellation, invoice issued and refund credit
counts as one), elapsed seconds, effects per second, peak memory (ru_maxrss of the process, and the
Python heap's peak with --trace-memory, which slows the run) and the number of SQL queries issued.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass, field

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnercenter.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from accounts.models import Partner  # noqa: E402
from billing.models import Invoice  # noqa: E402
from commerce.models import LineStatus, OrderLine  # noqa: E402
from partnercenter import clock, scheduler  # noqa: E402
from partnercenter.models import ScheduledEffect  # noqa: E402
from reservations.models import (  # noqa: E402
    Instalment,
    ProvisioningState,
    ReservationOrder,
    ReservationStateChange,
    UtilizationDay,
    add_months,
)
from reservations.refund_models import Refund  # noqa: E402
from simulation.services import clock_advance  # noqa: E402
from software.models import PurchaseStatus, SoftwarePurchase  # noqa: E402

CANCELLATION_EFFECT = "software.cancellation_takes_effect"
BENCH_MPN = "9999999"


@dataclass
class Run:
    seconds: float = 0.0
    queries: int = 0
    rss_mb: float = 0.0
    heap_mb: float | None = None
    effects: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.effects.values())

    def report(self, title: str) -> str:
        rate = self.total / self.seconds if self.seconds else 0.0
        lines = [f"{title}", f"  {'effect':<28}{'count':>12}"]
        lines += [f"  {kind:<28}{count:>12,}" for kind, count in self.effects.items()]
        lines += [
            f"  {'total':<28}{self.total:>12,}",
            f"  elapsed {self.seconds:.2f} s, {rate:,.0f} effects/s, {self.queries:,} queries",
            f"  peak RSS {self.rss_mb:.0f} MB" + (f", Python heap peak {self.heap_mb:.1f} MB" if self.heap_mb else ""),
        ]
        return "\n".join(lines)


@contextmanager
def measured(run: Run, *, trace_memory: bool):
    """Time, count queries (a counter, not a log: the log would be the memory we measure) and memory."""

    def count(execute, sql, params, many, context):
        run.queries += 1
        return execute(sql, params, many, context)

    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        yield
    run.seconds = time.perf_counter() - started
    run.rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if trace_memory:
        run.heap_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()


def bench_partner() -> Partner:
    partner = Partner.objects.filter(mpn_id=BENCH_MPN).first()
    if partner is None:
        sys.exit("No bench data here: run `manage.py generate_load --scale small|large --seed 1` first.")
    return partner


def cancellations_prepare(partner: Partner, count: int) -> list[list[int]]:
    """Two comparable sets of `count` confirmed cancellations, due now (the most recent active lines).

    The state is what `software.services.purchase_cancel` leaves (line confirmed, purchase pending,
    effect scheduled), written directly so both paths start from the same point; lines alternate
    between the sets so each gets the same mix of products and credits.
    """
    now = clock.now(partner)
    lines = list(
        OrderLine.objects.filter(
            order__partner=partner,
            status=LineStatus.ACTIVE,
            cancel_requested_at__isnull=True,
            software_purchase__status=PurchaseStatus.ACTIVE,
        )
        .order_by("-pk")
        .values_list("pk", flat=True)[: 2 * count]
    )
    if len(lines) < 2 * count:
        sys.exit(f"Only {len(lines)} active software lines left: need {2 * count}.")
    with transaction.atomic():
        OrderLine.objects.filter(pk__in=lines).update(cancel_requested_at=now)
        SoftwarePurchase.objects.filter(order_line_id__in=lines).update(
            status=PurchaseStatus.CANCELLATION_PENDING, cancel_requested_by="bench"
        )
        effects = ScheduledEffect.objects.bulk_create(
            [ScheduledEffect(partner=partner, kind=CANCELLATION_EFFECT, target=str(pk), due_at=now) for pk in lines]
        )
    ids = [effect.pk for effect in effects]
    return [ids[0::2], ids[1::2]]


def cancellations(partner: Partner, count: int, trace_memory: bool) -> None:
    one_by_one, _batched = cancellations_prepare(partner, count)
    first = Run()
    with measured(first, trace_memory=trace_memory):
        applied = sum(scheduler.run_effect(effect_id) for effect_id in one_by_one)
    first.effects = {"cancellation": applied}
    print(first.report(f"{count} due cancellations, one effect per transaction (scheduler.run_effect each)"))
    if not hasattr(scheduler, "run_batch"):
        return  # the code before batch handlers: only the one-by-one path exists
    second = Run()
    with measured(second, trace_memory=trace_memory):
        applied = scheduler.run_due(partner=partner)
    second.effects = {"cancellation": applied}
    print(second.report(f"{count} due cancellations, batched (scheduler.run_due)"))
    print(f"  speed-up {first.seconds / second.seconds:.1f}x")


def month(partner: Partner, trace_memory: bool) -> None:
    start = clock.now(partner)
    pending = dict(
        ScheduledEffect.objects.filter(partner=partner, done_at__isnull=True)
        .values_list("pk", "kind")
        .order_by("pk")
        .iterator()
    )
    run = Run()
    with measured(run, trace_memory=trace_memory):
        end, processed = clock_advance(partner=partner, to=add_months(start, 1))
    mine = {"reservation__partner": partner}
    run.effects = {
        "reservation-day (utilization)": UtilizationDay.objects.filter(**mine, day__gte=start.date()).count(),
        "instalment": Instalment.objects.filter(**mine, due_at__gt=start).count(),
        "expiry": ReservationStateChange.objects.filter(
            **mine, new_state=ProvisioningState.EXPIRED, at__gt=start
        ).count(),
        "renewal": ReservationOrder.objects.filter(
            partner=partner, renewed_from__isnull=False, purchased_at__gt=start
        ).count(),
        "invoice issued": Invoice.objects.filter(partner=partner, issued_at__gt=start).count(),
        "cancellation": OrderLine.objects.filter(order__partner=partner, cancelled_at__gt=start).count(),
        "refund credit": Refund.objects.filter(customer__partner=partner, credited_at__gt=start).count(),
    }
    done = ScheduledEffect.objects.filter(pk__in=list(pending), done_at__isnull=False).values_list("kind", flat=True)
    rows: dict[str, int] = {}
    for kind in done:
        rows[kind] = rows.get(kind, 0) + 1
    print(run.report(f"Bench partner {partner.mpn_id}: clock advanced {start:%Y-%m-%d %H:%M} → {end:%Y-%m-%d %H:%M}"))
    before = ", ".join(f"{kind} {count}" for kind, count in sorted(rows.items()))
    print(f"  scheduler rows applied: {processed:,} (of those pending before the advance: {before})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["month", "cancellations"])
    parser.add_argument("--count", type=int, default=300, help="cancellations per path (default 300)")
    parser.add_argument("--trace-memory", action="store_true", help="also the Python heap's peak (tracemalloc)")
    args = parser.parse_args()
    partner = bench_partner()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load (not timed)
    if args.what == "month":
        month(partner, args.trace_memory)
    else:
        cancellations(partner, args.count, args.trace_memory)


if __name__ == "__main__":
    main()
