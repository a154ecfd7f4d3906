"""Time the integrator API on generated data: keyset paging over every customer, and idempotent creates.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pc_bench CACHE_URL=rediscache://127.0.0.1:6379/13 \
      API_THROTTLE_RATE=1000000/min .venv/bin/python -m bench.bench_api

In-process through DRF's test client (application + database, no network). Prints, per page size,
the time to walk the whole collection and the median/p95 per page; then median/p95 of a first
customer create and of its idempotent replay (same MS-RequestId, same body).
"""

import argparse
import statistics
import time
import uuid

from bench.django_setup import bench_partner  # importing it sets up Django


def percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def walk(client, size: int) -> tuple[int, float, list[float]]:
    url, headers, seen, per_page = f"/v1/customers?size={size}", {}, 0, []
    start = time.perf_counter()
    while url:
        page_start = time.perf_counter()
        response = client.get(url, **headers)
        per_page.append((time.perf_counter() - page_start) * 1000)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        seen += len(body["items"])
        following = body["links"].get("next")
        url = following["uri"] if following else None
        if url and not url.startswith("/v1"):
            url = "/v1" + url
    return seen, time.perf_counter() - start, per_page


def new_customer(n: int) -> dict:
    return {
        "companyProfile": {"domain": f"benchapi{n}{uuid.uuid4().hex[:8]}.onmicrosoft.com"},
        "billingProfile": {
            "email": "ap@bench.example",
            "culture": "en-US",
            "language": "en",
            "companyName": f"Bench API {n}",
            "firstName": "Bench",
            "lastName": "User",
            "defaultAddress": {
                "addressLine1": "1 Bench Road",
                "city": "Redmond",
                "state": "WA",
                "postalCode": "98052",
                "country": "US",
            },
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--creates", type=int, default=50)
    args = parser.parse_args()
    partner = bench_partner()

    from rest_framework.test import APIClient

    from accounts.services import access_token_issue, api_credential_create

    credential, secret = api_credential_create(partner=partner, name="bench", actor=None)
    raw, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential.client_id), client_secret=secret
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    print(f"customers={partner.customers.count()}")
    for size in (100, 1000):
        seen, total, per_page = walk(client, size)
        median, p95 = percentiles(per_page)
        print(
            f"walk size={size:<5} {seen} rows in {total:6.2f} s   per page median {median:6.1f} ms  p95 {p95:6.1f} ms"
        )
    first, replay = [], []
    for n in range(args.creates):
        body, key = new_customer(n), str(uuid.uuid4())
        for timings in (first, replay):
            start = time.perf_counter()
            response = client.post("/v1/customers", body, format="json", HTTP_MS_REQUESTID=key)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 201, response.content[:300]
    for name, timings in (("create", first), ("idempotent replay", replay)):
        median, p95 = percentiles(timings)
        print(f"{name:18s} median {median:6.1f} ms  p95 {p95:6.1f} ms  (n={len(timings)})")


if __name__ == "__main__":
    main()
