"""Where the two hot writes spend their time: an order and its cancellation, in-process, under cProfile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pc_bench CACHE_URL=rediscache://127.0.0.1:6379/13 \
      .venv/bin/python -m bench.profile_writes --repeat 100

The requests are bench/mixed.py's: `POST /v1/customers/{tenant}/orders` of a perpetual licence and
`PATCH .../orders/{id}` {"status": "cancelled"}, each with a fresh MS-RequestId. Prints the mean
wall time of each, the SQL statements of one of each, then the functions with the most time for
each (`--sort tottime` for self time). It creates real orders and cancellations in the database
(their effects come due later, as under the load benchmark). One core, no gunicorn.
"""

import argparse
import cProfile
import json
import pstats
import time
import uuid

# First: bench.load sets the benchmark's settings up (DEBUG off, no HTTPS redirect, no throttle) before Django.
from bench.load import SOFTWARE_OFFER, bench_partner, credentials

CUSTOMERS = 50


class Writer:
    """Orders and cancels through the test client, round-robin over the partner's first customers."""

    def __init__(self, partner, token: str, reconnect: bool = False):
        from django.test import Client

        self.client = Client()
        self.tenants = [
            str(t) for t in partner.customers.order_by("pk").values_list("tenant_id", flat=True)[:CUSTOMERS]
        ]
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT": "application/json"}
        self.body = json.dumps({"lineItems": [{"offerId": SOFTWARE_OFFER, "quantity": 1}]})
        self.count = 0
        self.reconnect = reconnect

    def _finished(self) -> None:
        """As a server's request_finished does where CONN_MAX_AGE is 0 (the test client keeps the connection)."""
        if self.reconnect:
            from django.db import connection

            connection.close()

    def _headers(self) -> dict:
        return {**self.headers, "HTTP_MS_REQUESTID": str(uuid.uuid4())}

    def order(self) -> tuple[str, str]:
        tenant = self.tenants[self.count % len(self.tenants)]
        self.count += 1
        response = self.client.post(
            f"/v1/customers/{tenant}/orders", self.body, content_type="application/json", **self._headers()
        )
        assert response.status_code == 201, response.content
        self._finished()
        return tenant, response.json()["id"]

    def cancel(self, placed: tuple[str, str]) -> None:
        tenant, order_id = placed
        response = self.client.patch(
            f"/v1/customers/{tenant}/orders/{order_id}",
            json.dumps({"status": "cancelled"}),
            content_type="application/json",
            **self._headers(),
        )
        assert response.status_code == 200, response.content
        self._finished()


def statements(label: str, run, show_sql: bool):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = run()
    print(f"{label}: {len(queries.captured_queries)} statements")
    if show_sql:
        for query in queries.captured_queries:
            print(f"    {query['sql'][:160]}")
    return result


def profiled(label: str, run, repeat: int, sort: str, top: int):
    profile = cProfile.Profile()
    profile.enable()
    results = [run(i) for i in range(repeat)]
    profile.disable()
    print(f"\n=== {label} ×{repeat}, by {sort}")
    pstats.Stats(profile).sort_stats(sort).print_stats(top)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--top", type=int, default=30, help="functions to print per request kind")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key: cumulative, tottime, ...")
    parser.add_argument("--sql", action="store_true", help="print the statements of one order and one cancel")
    parser.add_argument("--no-profile", action="store_true", help="only the timings and statement counts")
    parser.add_argument(
        "--reconnect", action="store_true", help="a new database connection per request (CONN_MAX_AGE 0 under a server)"
    )
    args = parser.parse_args()

    partner = bench_partner()
    token, _cookie = credentials(partner)
    writer = Writer(partner, token, reconnect=args.reconnect)
    for _ in range(5):  # warm caches, connections and compiled plans
        writer.cancel(writer.order())

    started, cpu = time.perf_counter(), time.process_time()
    placed = [writer.order() for _ in range(args.repeat)]
    order_ms = (time.perf_counter() - started) / args.repeat * 1000, (time.process_time() - cpu) / args.repeat * 1000
    started, cpu = time.perf_counter(), time.process_time()
    for one in placed:
        writer.cancel(one)
    cancel_ms = (time.perf_counter() - started) / args.repeat * 1000, (time.process_time() - cpu) / args.repeat * 1000
    print(
        f"order {order_ms[0]:.2f} ms ({order_ms[1]:.2f} ms CPU), "
        f"cancel {cancel_ms[0]:.2f} ms ({cancel_ms[1]:.2f} ms CPU) "
        f"(mean of {args.repeat}, in-process; CPU: this process's, the database's not included)"
    )

    one = statements("order", writer.order, args.sql)
    statements("cancel", lambda: writer.cancel(one), args.sql)
    if args.no_profile:
        return
    placed = profiled("order", lambda _i: writer.order(), args.repeat, args.sort, args.top)
    profiled("cancel", lambda i: writer.cancel(placed[i]), args.repeat, args.sort, args.top)


if __name__ == "__main__":
    main()
