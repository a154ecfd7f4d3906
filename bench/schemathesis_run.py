"""Schemathesis against a live server, every check, with a partner's valid bearer token.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pc_bench CACHE_URL=rediscache://127.0.0.1:6379/13 \
      .venv/bin/python -m bench.schemathesis_run --max-examples 200

Migrates the database named by DATABASE_URL, loads the catalog, creates a partner with a customer
and an API application, serves the portal with gunicorn on a free port, runs `st run` on
/v1/openapi.json and prints cases per operation and failures by check. Exits non-zero on any
failure. `make test` runs the same `run()` with a small budget (tests/api/test_schemathesis.py).
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
ST = Path(sys.executable).with_name("st")


def run(base_url: str, token: str, *, max_examples: int, report_dir: Path, seed: int | None = None) -> dict:
    """Run Schemathesis with every check and every phase; the summary of its JSON report."""
    report = report_dir / "schemathesis.json"
    command = [
        str(ST),
        "run",
        f"{base_url}/v1/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(max_examples),
        "--header",
        f"Authorization: Bearer {token}",
        "--workers",
        "1",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--output-truncate",
        "true",
        "--no-color",
    ]
    if seed is not None:
        command += ["--seed", str(seed)]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=report_dir, check=False)
    summary = {"cases": {}, "failures": {}, "errors": []}
    if report.exists():
        summary = summarize(json.loads(report.read_text()))
    summary["exit_code"] = completed.returncode
    summary["output"] = completed.stdout[-20000:] + completed.stderr[-5000:]
    return summary


def summarize(report: dict) -> dict:
    """{"cases": {operation: n}, "failures": {check: n}, "errors": [...]} from the JSON run report."""
    cases, failures = Counter(), Counter()
    for operation in report.get("operations", []):
        label = operation.get("label") or operation.get("name", "?")
        cases[label] += operation.get("test_cases", operation.get("cases", 0)) or 0
        for failure in operation.get("failures", []):
            failures[failure.get("check", failure.get("name", "?"))] += 1
    return {"cases": dict(cases), "failures": dict(failures), "errors": report.get("errors", []), "raw": report}


def print_summary(summary: dict) -> None:
    print(f"{'operation':70} cases")
    for operation, count in sorted(summary["cases"].items()):
        print(f"{operation:70} {count}")
    print(f"total cases: {sum(summary['cases'].values())}")
    print("failures by check:", json.dumps(summary["failures"]) if summary["failures"] else "none")
    if summary["errors"]:
        print("errors:", json.dumps(summary["errors"])[:2000])


def seed_target() -> str:
    """Catalog, one partner with a customer and an application; returns an app-only bearer token."""
    from accounts.services import access_token_issue, api_credential_create, partner_create
    from commerce.catalog_seed import catalog_seed
    from tests.factories import CustomerFactory

    catalog_seed()
    partner = partner_create(name="Schemathesis partner")
    domain = f"schemathesis{uuid.uuid4().hex[:12]}.onmicrosoft.com"
    CustomerFactory(partner=partner, domain=domain, market="US", state="WA", city="Redmond", postal_code="98052")
    credential, secret = api_credential_create(partner=partner, name="Schemathesis", actor=None)
    raw, _token = access_token_issue(
        grant_type="client_credentials", client_id=str(credential.client_id), client_secret=secret
    )
    return raw


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, env: dict) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:port, waiting until the schema answers."""
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "partnercenter.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urlopen(f"http://127.0.0.1:{port}/v1/openapi.json", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--report-dir", type=Path, default=None, help="Keep the JSON report there.")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnercenter.settings",
        "SECURE_SSL_REDIRECT": "false",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "ERROR"),
        "API_THROTTLE_RATE": os.environ.get("API_THROTTLE_RATE", "1000000/min"),
    }
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    token = seed_target()
    port = free_port()
    server = serve(port, env)
    try:
        with tempfile.TemporaryDirectory() as folder:
            report_dir = args.report_dir or Path(folder)
            report_dir.mkdir(parents=True, exist_ok=True)
            summary = run(f"http://127.0.0.1:{port}", token, max_examples=args.max_examples, report_dir=report_dir)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(summary["output"][-4000:])
    print_summary(summary)
    return 0 if summary["exit_code"] == 0 and not summary["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
