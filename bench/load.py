"""Load benchmark: gunicorn on the generated data, driven by wrk, our endpoints beside the framework floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pc_bench CACHE_URL=rediscache://127.0.0.1:6379/13 \
      .venv/bin/python -m bench.load --seconds 10 --rounds 2

Needs `manage.py generate_load` first (its large partner) and wrk (`apt-get install -y wrk`). It:
1. picks a customer (the one with most reservation orders), one of its reservations and the issued
   invoice with most lines, makes an API token and a logged-in session for the bench user;
2. captures the SQL our four API endpoints run for those requests and writes it for the floor views;
3. starts gunicorn (2 × cores workers, bench settings, DEBUG off) and, for each API endpoint, runs wrk
   on ours and on its floor twin in alternating slices (`--rounds` of each, same run, same data);
4. runs wrk on the dashboard's customers page and the customer's reservations page;
5. runs the write scenarios (bench/mixed.py): orders only, their cancellations, then a mix of reads,
   orders, software cancellations and reservation refunds;
6. writes bench/reports/load-<UTC date>.md and .json and prints the markdown.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
BENCH_ENV = {
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "API_THROTTLE_RATE": "100000000/min",
}
os.environ.update(BENCH_ENV)

from bench.django_setup import bench_partner  # noqa: E402  (sets Django up)
from bench.floor import replayable  # noqa: E402
from bench.mixed import Driver, Refundable  # noqa: E402
from partnercenter import clock  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "bench" / "reports"
ARM = "api-version=2022-11-01"
# A perpetual licence: its cancellation within the window is always allowed.
SOFTWARE_OFFER = "DG7GMGF0D65N:0001:DG7GMGF0XR7U"
TARGET_RATIO, TARGET_P95_MS, TARGET_WRITES_PER_S = 0.8, 100.0, 100.0

LUA = """
local token = os.getenv("BENCH_AUTH")
local cookie = os.getenv("BENCH_COOKIE")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
wrk.headers["Accept"] = "application/json"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50":%.3f,"p95":%.3f,"p99":%.3f,'
    .. '"status_errors":%d,"socket_errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


# ------------------------------------------------------------------ what to request
def samples(partner) -> dict:
    from django.db.models import Count

    from billing.models import Invoice, InvoiceStatus
    from reservations.models import Reservation

    customer = partner.customers.annotate(n=Count("reservation_orders")).order_by("-n", "pk").first()
    reservation = Reservation.objects.filter(customer=customer).select_related("order").order_by("pk").first()
    invoice = (
        Invoice.objects.filter(partner=partner, status=InvoiceStatus.ISSUED)
        .annotate(n=Count("lines"))
        .order_by("-n", "pk")
        .first()
    )
    tenant, order = customer.tenant_id, reservation.order.reservation_order_id
    capacity = f"/azure/{tenant}/providers/Microsoft.Capacity/reservationOrders"
    return {
        "customer": customer,
        "api": {
            "customers": "/v1/customers?size=100",
            "reservations": f"{capacity}?{ARM}",
            "reservation": f"{capacity}/{order}/reservations/{reservation.reservation_id}?{ARM}",
            "invoice-lines": f"/v1/invoices/{invoice.number}/lineitems?size=100",
        },
        "pages": {
            "customers page": "/customers/",
            "reservations page": f"/reservations/customers/{tenant}/",
        },
        "counts": {"reservation orders of the customer": customer.n, "lines of the invoice": invoice.n},
    }


def credentials(partner) -> tuple[str, str]:
    """A bearer token of a new API application and the session cookie of the bench user."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from accounts.services import access_token_issue, api_credential_create
    from bench.generate import BENCH_USER

    name = f"load {clock.wall_now():%Y-%m-%d %H:%M:%S}"
    credential, secret = api_credential_create(partner=partner, name=name, actor=None)
    token, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential.client_id), client_secret=secret
    )
    client = Client()
    client.force_login(User.objects.get(username=BENCH_USER))
    return token, f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def capture_floor(api: dict[str, str], token: str, path: Path) -> dict[str, int]:
    """Run each API request in-process and keep every statement it executed, for the floor views."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, captured = Client(), {}
    for name, url in api.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT="application/json")
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        captured[name] = replayable([query["sql"] for query in queries.captured_queries])
    path.write_text(json.dumps(captured, indent=1))
    return {name: len(statements) for name, statements in captured.items()}


# ------------------------------------------------------------------ gunicorn and wrk
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, workers: int, floor_sql: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, **BENCH_ENV, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_FLOOR_SQL": str(floor_sql)}
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "partnercenter.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(120):
        try:
            urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not start: see {log}")


def wrk(url: str, *, seconds: int, connections: int, threads: int, script: Path, env: dict) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    result = json.loads(line[len("BENCH ") :])
    result["seconds"] = result.pop("duration_us") / 1e6
    return result


def combine(runs: list[dict]) -> dict:
    """Slices of one measure: throughput over all of them; each percentile the worst slice's."""
    requests, seconds = sum(r["requests"] for r in runs), sum(r["seconds"] for r in runs)
    return {
        "rps": requests / seconds,
        "requests": requests,
        "p50": max(r["p50"] for r in runs),
        "p95": max(r["p95"] for r in runs),
        "p99": max(r["p99"] for r in runs),
        "errors": sum(r["status_errors"] + r["socket_errors"] for r in runs),
    }


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


# ------------------------------------------------------------------ the run
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="length of one wrk slice")
    parser.add_argument("--rounds", type=int, default=2, help="slices of ours and of the floor, alternating")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--writers", type=int, default=8, help="threads of the write scenarios")
    parser.add_argument(
        "--api-only", action="store_true", help="only the API endpoints beside their floor twins (no pages, no writes)"
    )
    parser.add_argument(
        "--writes-only", action="store_true", help="only the write scenarios (orders, cancellations, mixed)"
    )
    parser.add_argument("--note", default="", help="a line for the report (e.g. what else ran on the machine)")
    args = parser.parse_args()
    started = clock.wall_now()  # a stamp for the report, not a business time
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    from reservations.models import ProvisioningState, Reservation

    partner = bench_partner()
    picked = samples(partner)
    token, cookie = credentials(partner)
    REPORTS.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    floor_sql = workdir / "floor-sql.json"
    statements = {} if args.writes_only else capture_floor(picked["api"], token, floor_sql)
    script = workdir / "bench.lua"
    script.write_text(LUA)
    workers = 2 * (os.cpu_count() or 1)
    port = free_port()
    server = serve(port, workers, floor_sql, workdir / "gunicorn.log")
    base = f"http://127.0.0.1:{port}"
    wrk_args = {"seconds": args.seconds, "connections": args.connections, "threads": 2, "script": script}
    results: dict = {"api": {}, "pages": {}, "writes": {}}
    try:
        for name, url in {} if args.writes_only else picked["api"].items():
            ours, floor = [], []
            for round_number in range(args.rounds):
                pair = [(ours, base + url), (floor, f"{base}/bench/floor/{name}")]
                for bucket, target in pair if round_number % 2 == 0 else reversed(pair):
                    bucket.append(wrk(target, env={"BENCH_AUTH": token}, **wrk_args))
            results["api"][name] = {"url": url, "ours": combine(ours), "floor": combine(floor)}
            print(f"{name}: ours {combine(ours)['rps']:.0f}/s, floor {combine(floor)['rps']:.0f}/s", flush=True)
        pages = {} if args.api_only or args.writes_only else picked["pages"]
        for name, url in pages.items():
            runs = [wrk(base + url, env={"BENCH_COOKIE": cookie}, **wrk_args) for _ in range(args.rounds)]
            results["pages"][name] = {"url": url, **combine(runs)}
            print(f"{name}: {results['pages'][name]['rps']:.0f}/s", flush=True)
        customers = [str(t) for t in partner.customers.order_by("pk").values_list("tenant_id", flat=True)[:500]]
        refundables = [
            Refundable(str(r.customer.tenant_id), str(r.order.reservation_order_id), r.resource_id)
            for r in Reservation.objects.filter(partner=partner, provisioning_state=ProvisioningState.SUCCEEDED)
            .select_related("order", "customer")
            .order_by("customer_id", "pk")
            .distinct("customer_id")[:3000]
        ]
        driver = Driver(port=port, token=token, customers=customers, offer_id=SOFTWARE_OFFER, refundables=refundables)
        reads = list(picked["api"].values())
        scenarios = (
            ("orders only", lambda: driver.orders_only(args.writers, args.seconds)),
            ("cancellations only", lambda: driver.cancels_only(args.writers, args.seconds)),
            ("mixed", lambda: driver.mixed(args.writers, 2 * args.seconds, reads)),
        )
        for scenario, run in () if args.api_only else scenarios:
            seconds = run()
            results["writes"][scenario] = {
                kind: {
                    "rps": len(stat.latencies) / seconds,
                    "requests": len(stat.latencies),
                    "p50": percentile(stat.latencies, 0.50),
                    "p95": percentile(stat.latencies, 0.95),
                    "p99": percentile(stat.latencies, 0.99),
                    "errors": stat.errors,
                    "first_error": stat.first_error,
                }
                for kind, stat in driver.take().items()
            }
            print(f"{scenario}: done", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    meta = {
        "date": started.isoformat(timespec="seconds"),
        "workers": workers,
        "cores": os.cpu_count(),
        "seconds_per_slice": args.seconds,
        "rounds": args.rounds,
        "connections": args.connections,
        "writers": args.writers,
        "statements_per_request": statements,
        "data": {
            "customers": partner.customers.count(),
            "reservations": Reservation.objects.filter(partner=partner).count(),
            **picked["counts"],
        },
        "load_average_at_end": os.getloadavg(),
        "note": args.note,
    }
    report = {"meta": meta, **results}
    stamp = started.strftime("%Y-%m-%d-%H%M")
    (REPORTS / f"load-{stamp}.json").write_text(json.dumps(report, indent=1, default=str))
    markdown = render(report)
    (REPORTS / f"load-{stamp}.md").write_text(markdown)
    print(markdown)


def _row(name: str, m: dict, extra: str = "") -> str:
    return f"| {name} | {m['rps']:.0f} | {m['p50']:.1f} | {m['p95']:.1f} | {m['p99']:.1f} | {m['errors']} |{extra}"


def render(report: dict) -> str:
    meta = report["meta"]
    out = [
        f"# Load benchmark {meta['date']}",
        "",
        f"gunicorn {meta['workers']} workers on {meta['cores']} cores, wrk {meta['connections']} connections, "
        f"{meta['rounds']} × {meta['seconds_per_slice']} s slices per measure (ours and floor alternating); "
        f"data: {meta['data']}. Load average at the end: {', '.join(f'{x:.1f}' for x in meta['load_average_at_end'])}.",
    ]
    if meta["note"]:
        out += ["", meta["note"]]
    out += [
        "",
        "## API endpoints beside the framework floor (same SQL, json.dumps)",
        "",
        "| endpoint | ours req/s | floor req/s | ratio | ours p50 / p95 / p99 ms | floor p95 ms | errors | "
        "statements |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, m in report["api"].items():
        ours, floor = m["ours"], m["floor"]
        ratio = ours["rps"] / floor["rps"] if floor["rps"] else 0.0
        flag = "" if ratio >= TARGET_RATIO and ours["p95"] < TARGET_P95_MS else " ✗"
        out.append(
            f"| {name} `{m['url'].split('?')[0][-60:]}` | {ours['rps']:.0f} | {floor['rps']:.0f} | {ratio:.2f}{flag} | "
            f"{ours['p50']:.1f} / {ours['p95']:.1f} / {ours['p99']:.1f} | {floor['p95']:.1f} | "
            f"{ours['errors']} + {floor['errors']} | {meta['statements_per_request'][name]} |"
        )
    out += ["", "## Dashboard pages (logged-in session)", "", "| page | req/s | p50 ms | p95 ms | p99 ms | errors |",
            "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for name, m in report["pages"].items():
        out.append(_row(name, m))
    out += ["", "## Writes", ""]
    for scenario, kinds in report["writes"].items():
        out += [f"### {scenario}", "", "| request | req/s | p50 ms | p95 ms | p99 ms | errors |",
                "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
        for kind, m in kinds.items():
            out.append(_row(kind, m))
            if m["first_error"]:
                out.append(f"|  first error: `{m['first_error'][:150]}` | | | | | |")
        out.append("")
    out += [
        f"Targets: ratio ≥ {TARGET_RATIO}, read p95 < {TARGET_P95_MS:.0f} ms, 0 errors, orders and cancellations "
        f"≥ {TARGET_WRITES_PER_S:.0f}/s (✗ marks a miss on the API table).",
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    main()
