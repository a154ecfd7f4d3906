"""EXPLAIN (ANALYZE, BUFFERS) of every list page's and list endpoint's queries, on generated data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pc_bench .venv/bin/python -m bench.explain

Requests each list page and list endpoint for the large partner `manage.py generate_load` built (its
customer with the most reservations, its largest issued invoice, the next keyset page of each /v1
collection), captures the SQL each request runs, and explains it. Writes bench/reports/explain-<date>.md:
per request, each SELECT's plan top node, any sequential scan of a large table, and the execution time.
Exits 1 when a large table is scanned sequentially: a list must reach its rows through an index.
"""

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

# In-process requests over plain HTTP, with templates that need no collected static files.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from bench.django_setup import bench_partner  # importing it sets up Django
from bench.generate import BENCH_PASSWORD, BENCH_USER
from partnercenter import clock

# The tables a large partner fills (generate_load --scale large): hundreds of thousands of rows or more.
LARGE_TABLES = frozenset(
    {
        "customers_customer",
        "commerce_order",
        "commerce_orderline",
        "software_softwarepurchase",
        "reservations_reservationorder",
        "reservations_reservation",
        "reservations_utilizationday",
        "reservations_instalment",
        "billing_invoiceline",
        "partnercenter_auditrecord",
    }
)
REPORTS = Path(__file__).resolve().parent / "reports"
SERVER_CURSOR = re.compile(r"DECLARE \S+ .*?CURSOR .*?FOR (SELECT .*)", re.DOTALL)
# Requests whose sequential scan is the right plan, with why: reported, but no failure.
EXPECTED_SCANS = {
    "customers search": "a substring search (icontains on name and domain) reads every customer of the partner: "
    "no btree serves '%text%', and a pg_trgm index, tried, is not chosen for words every name shares",
    "invoice lines CSV": "the export reads every line of the invoice: hashing the customers once beats one index "
    "lookup per line",
}


@dataclass
class Explained:
    sql: str
    top: str
    seq_scans: list[str]
    ms: float


@dataclass
class Request:
    label: str
    url: str
    status: int = 0
    queries: list[Explained] = field(default_factory=list)

    @property
    def seq_scans(self) -> list[str]:
        return sorted({table for query in self.queries for table in query.seq_scans})


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _describe(node: dict) -> str:
    target = node.get("Index Name") or node.get("Relation Name") or ""
    return f"{node['Node Type']}{f' ({target})' if target else ''}"


def explain(sql: str) -> Explained:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        result = cursor.fetchone()[0]
    document = result if isinstance(result, list) else json.loads(result)
    plan = document[0]["Plan"]
    seq = [node["Relation Name"] for node in _nodes(plan) if node["Node Type"] == "Seq Scan"]
    # The top node is often Limit/Sort: name the first node that reads rows as well.
    reader = next((node for node in _nodes(plan) if "Scan" in node["Node Type"]), plan)
    top = _describe(plan) if reader is plan else f"{_describe(plan)} ← {_describe(reader)}"
    return Explained(
        sql=sql, top=top, seq_scans=[t for t in seq if t in LARGE_TABLES], ms=document[0]["Execution Time"]
    )


def _select_of(sql: str) -> str | None:
    """The SELECT a captured statement runs: itself, or the one a server-side cursor (`.iterator()`) declares."""
    declared = SERVER_CURSOR.match(sql)
    if declared:
        return declared.group(1)
    return sql if sql.lstrip().upper().startswith("SELECT") else None


def run(client, label: str, url: str):
    """The request's explained SELECTs, and its response (for the next page's link)."""
    request = Request(label=label, url=url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:  # a CSV export runs its query while the body streams
            b"".join(response.streaming_content)
    request.status = response.status_code
    for query in captured.captured_queries:
        select = _select_of(query["sql"])
        if select is not None:
            request.queries.append(explain(select))
    return request, response


def _targets(partner):
    """The rows the URLs name: the customer with the most reservations, its first reservation and order,
    the largest issued invoice."""
    from billing.models import Invoice, InvoiceStatus
    from customers.models import Customer
    from reservations.models import Reservation

    top = (
        Reservation.objects.filter(partner=partner)
        .values("customer_id")
        .annotate(count=Count("id"))
        .order_by("-count", "customer_id")
        .first()
    )
    customer = Customer.objects.get(pk=top["customer_id"])
    reservation = Reservation.objects.filter(customer=customer).select_related("order").order_by("id").first()
    invoice = (
        Invoice.objects.filter(partner=partner, status=InvoiceStatus.ISSUED)
        .annotate(count=Count("lines"))
        .order_by("-count", "id")
        .first()
    )
    return customer, reservation, invoice


def _api_client(partner) -> Client:
    from accounts.models import ApiCredential
    from accounts.services import access_token_issue, api_credential_create

    ApiCredential.objects.filter(partner=partner, name="bench.explain").delete()
    credential, _secret = api_credential_create(partner=partner, name="bench.explain", actor=None)
    token, _ = access_token_issue(
        grant_type="password", client_id=str(credential.client_id), username=BENCH_USER, password=BENCH_PASSWORD
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def cases(partner) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(pages, API lists) as (label, url)."""
    from arm.versioning import API_VERSION

    customer, reservation, invoice = _targets(partner)
    tenant, today = customer.tenant_id, clock.now(partner).date()
    pages = [
        ("customers page", "/customers/"),
        ("customers page 400", "/customers/?page=400"),
        ("customers search", "/customers/?q=Customer+0123"),
        ("order history", f"/commerce/customers/{tenant}/orders/"),
        ("software tab", f"/software/customers/{tenant}/"),
        ("reservations tab", f"/reservations/customers/{tenant}/"),
        ("refunds tab", f"/reservations/refunds/customers/{tenant}/"),
        ("access control", f"/reservations/customers/{tenant}/{reservation.reservation_id}/access/"),
        ("invoices page", "/billing/"),
        ("invoice page", f"/billing/invoices/{invoice.pk}/"),
        ("invoice page, last", f"/billing/invoices/{invoice.pk}/?page=last"),
        ("invoice lines CSV", f"/billing/invoices/{invoice.pk}/lines.csv"),
        ("activity log", "/activity-log/"),
        ("activity log, 90 days", f"/activity-log/?start_date={today - timedelta(days=89)}&end_date={today}"),
        ("API credentials", "/settings/api-credentials/"),
        ("simulation clock", "/simulation/clock/"),
    ]
    azure = f"/azure/{tenant}/providers/Microsoft.Capacity/reservationOrders"
    plan = customer.azure_plans.order_by("id").first()
    apis = [
        ("/v1/customers", "/v1/customers?size=1000"),
        ("/v1 orders", f"/v1/customers/{tenant}/orders"),
        ("/v1 entitlements", f"/v1/customers/{tenant}/entitlements"),
        ("/v1 entitlements RI", f"/v1/customers/{tenant}/entitlements?entitlementType=reservedInstance"),
        ("/v1 subscriptions", f"/v1/customers/{tenant}/subscriptions"),
        ("/v1 invoices", "/v1/invoices"),
        ("/v1 invoice line items", f"/v1/invoices/{invoice.number}/lineitems?size=1000"),
        ("/v1 unbilled line items", "/v1/invoices/unbilled/lineitems?size=1000"),
        ("/v1/auditrecords", "/v1/auditrecords?size=1000"),
        ("/azure reservationOrders", f"{azure}?api-version={API_VERSION}"),
        (
            "/azure reservations",
            f"{azure}/{reservation.order.reservation_order_id}/reservations?api-version={API_VERSION}",
        ),
    ]
    if plan is not None:
        apis.append(
            ("/v1 azureEntitlements", f"/v1/customers/{tenant}/subscriptions/{plan.subscription_id}/azureEntitlements")
        )
    return pages, apis


def _next_url(response) -> str | None:
    """The next page of a /v1 collection (continuation token) or an /azure list (nextLink), if any."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("application/json"):
        return None
    body = response.json()
    link = (body.get("links") or {}).get("next", {}).get("uri") if "links" in body else body.get("nextLink")
    if not link:
        return None
    return link.removeprefix("http://testserver")


def collect(partner) -> list[Request]:
    from accounts.models import User

    setup_test_environment()
    page_client = Client()
    page_client.force_login(User.objects.get(username=BENCH_USER))
    api_client = _api_client(partner)
    pages, apis = cases(partner)
    requests = [run(page_client, label, url)[0] for label, url in pages]
    for label, url in apis:
        first, response = run(api_client, label, url)
        requests.append(first)
        following = _next_url(response)
        if following:
            requests.append(run(api_client, f"{label}, next page", following)[0])
    return requests


def report(requests: list[Request], partner, path: Path) -> None:
    from reservations.models import Reservation

    lines = [
        f"# EXPLAIN of list queries — {path.stem.removeprefix('explain-')}",
        "",
        f"Partner `{partner.name}`: {partner.customers.count():,} customers, "
        f"{Reservation.objects.filter(partner=partner).count():,} reservations. `python -m bench.explain`.",
        "",
        "| Request | Status | Queries | Seq scan on a large table | Slowest query (ms) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for request in requests:
        slowest = max((query.ms for query in request.queries), default=0.0)
        scans = ", ".join(request.seq_scans) or "none"
        if request.seq_scans and request.label in EXPECTED_SCANS:
            scans += f" (expected: {EXPECTED_SCANS[request.label]})"
        lines.append(f"| {request.label} | {request.status} | {len(request.queries)} | {scans} | {slowest:.2f} |")
    lines += ["", "## Queries", ""]
    for request in requests:
        lines += [f"### {request.label}: `{request.url}`", "", "| # | Plan (top ← first scan) | Seq scan | ms |"]
        lines.append("| --- | --- | --- | --- |")
        for number, query in enumerate(request.queries, 1):
            lines.append(f"| {number} | {query.top} | {', '.join(query.seq_scans) or '-'} | {query.ms:.2f} |")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=REPORTS / f"explain-{clock.wall_now():%Y-%m-%d}.md")
    args = parser.parse_args()
    partner = bench_partner()
    with connection.cursor() as cursor:
        # generate_load bulk-inserts: fresh statistics and visibility maps (what autovacuum keeps in production),
        # or the planner guesses row counts and index-only scans still read the heap.
        cursor.execute("VACUUM (ANALYZE)")
    requests = collect(partner)
    report(requests, partner, args.output)
    failed = [request for request in requests if request.status != 200]
    scanned = [request for request in requests if request.seq_scans and request.label not in EXPECTED_SCANS]
    for request in requests:
        slowest = max((query.ms for query in request.queries), default=0.0)
        print(
            f"{request.label:32s} {request.status} {len(request.queries):3d} queries  slowest {slowest:8.2f} ms  "
            f"seq scans: {', '.join(request.seq_scans) or 'none'}"
        )
    print(f"report: {args.output}")
    if failed or scanned:
        print(f"{len(scanned)} requests scan a large table, {len(failed)} did not answer 200", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
