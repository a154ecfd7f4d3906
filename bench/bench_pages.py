"""Time the dashboard's customer list (first page, search, market filter, deep page) on generated data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pc_bench .venv/bin/python -m bench.bench_pages
On the data `manage.py generate_load` built (its large partner).
Prints median and p95 milliseconds per request over --repeat runs, through Django's test client
(in-process: measures the application and database, not the network).
"""

import argparse
import statistics
import time

from django.test import Client
from django.test.utils import setup_test_environment

from bench.django_setup import bench_partner  # importing it sets up Django
from bench.generate import BENCH_USER


def measure(client: Client, url: str, repeat: int) -> tuple[float, float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    customers = bench_partner().customers.count()
    setup_test_environment()
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=BENCH_USER))
    cases = {
        "list first page": "/customers/",
        "search by name": "/customers/?q=Customer+0123",
        "search by domain": "/customers/?q=bench00c001999",
        "filter by market": "/customers/?market=IT",
        "deep page (400)": "/customers/?page=400",
    }
    print(f"customers={customers} repeat={args.repeat}")
    for name, url in cases.items():
        median, p95 = measure(client, url, args.repeat)
        print(f"{name:20s} median {median:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
