"""Where one API request spends its time: each of bench/load.py's four endpoints, in-process, under cProfile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pc_bench .venv/bin/python -m bench.profile_api --repeat 200

Prints, per endpoint, the mean wall time per request with the floor's (the same SQL replayed and
`json.dumps`) beside it, then the functions with the most cumulative time. A cheaper companion to
the load benchmark when working on one endpoint: no gunicorn, no wrk, one core.
"""

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

# First: bench.load sets the benchmark's settings up (DEBUG off, no HTTPS redirect, no throttle) before Django.
from bench.load import bench_partner, capture_floor, credentials, samples


def timed(client, url: str, headers: dict, repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - started) / repeat * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--top", type=int, default=25, help="functions to print per endpoint")
    parser.add_argument("--only", help="one endpoint: customers, reservations, reservation, invoice-lines")
    args = parser.parse_args()

    from django.conf import settings
    from django.test import Client

    partner = bench_partner()
    api = samples(partner)["api"]
    token, _cookie = credentials(partner)
    floor_sql = Path(tempfile.mkdtemp(prefix="bench-profile-")) / "floor-sql.json"
    capture_floor(api, token, floor_sql)
    settings.BENCH_FLOOR_SQL = str(floor_sql)
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT": "application/json"}
    for name, url in api.items():
        if args.only and name != args.only:
            continue
        timed(client, url, headers, 5)  # warm caches and connections
        ours = timed(client, url, headers, args.repeat)
        floor = timed(client, f"/bench/floor/{name}", headers, args.repeat)
        print(f"\n=== {name}: ours {ours:.2f} ms, floor {floor:.2f} ms, ratio {floor / ours:.2f}")
        profile = cProfile.Profile()
        profile.enable()
        timed(client, url, headers, args.repeat)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
