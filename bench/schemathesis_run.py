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
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
ST = Path(sys.executable).with_name("st")


# Schemathesis' failure types, by the check that reports them.
CHECK_OF_FAILURE = {
    "ServerError": "not_a_server_error",
    "UndefinedStatusCode": "status_code_conformance",
    "UndefinedContentType": "content_type_conformance",
    "MalformedMediaType": "content_type_conformance",
    "MissingHeaders": "response_headers_conformance",
    "JsonSchemaError": "response_schema_conformance",
    "AcceptedNegativeData": "negative_data_rejection",
    "RejectedPositiveData": "positive_data_acceptance",
    "MissingHeaderNotRejected": "missing_required_header",
    "UnsupportedMethodResponse": "unsupported_method",
    "IgnoredAuth": "ignored_auth",
    "UseAfterFree": "use_after_free",
    "EnsureResourceAvailability": "ensure_resource_availability",
}


def run(
    base_url: str,
    token: str,
    *,
    max_examples: int,
    report_dir: Path,
    seed: int | None = None,
    max_time: int | None = None,
) -> dict:
    """Run Schemathesis with every check and every phase; requests per operation and failures by check.

    `max_time` (seconds) caps the whole run: the phases run in order until it is spent.
    """
    report, har = report_dir / "schemathesis.json", report_dir / "schemathesis.har"
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
        "json,har",
        "--report-json-path",
        str(report),
        "--report-har-path",
        str(har),
        "--output-truncate",
        "true",
        "--no-color",
    ]
    if seed is not None:
        command += ["--seed", str(seed)]
    if max_time is not None:
        command += ["--max-time", str(max_time)]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=report_dir, check=False)
    with urlopen(f"{base_url}/v1/openapi.json", timeout=10) as response:
        paths = list(json.load(response)["paths"])
    summary = summarize(
        json.loads(report.read_text()) if report.exists() else {},
        json.loads(har.read_text()) if har.exists() else {},
        paths,
    )
    summary["exit_code"] = completed.returncode
    summary["output"] = completed.stdout[-20000:] + completed.stderr[-5000:]
    return summary


def summarize(report: dict, har: dict, paths: list[str]) -> dict:
    """{"cases": {"GET /v1/...": n}, "failures": {check: n}, "failing": [...]} from the run's reports."""
    templates = sorted(paths, key=lambda path: path.count("{"))
    patterns = [(re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(p)) + "$"), p) for p in templates]
    cases = Counter()
    for entry in har.get("log", {}).get("entries", []):
        path = urlsplit(entry["request"]["url"]).path
        template = next((template for pattern, template in patterns if pattern.match(path)), path)
        cases[f"{entry['request']['method']} {template}"] += 1
    failures, failing = Counter(), {}
    for failure in report.get("failures", []):
        check = CHECK_OF_FAILURE.get(failure["type"], failure["type"])
        failures[check] += failure.get("count", 1)
        failing.setdefault(check, set()).update(failure.get("operations", []))
    return {"cases": dict(cases), "failures": dict(failures), "failing": failing, "errors": report.get("errors", [])}


def print_summary(summary: dict) -> None:
    print(f"{'operation':80} requests")
    for operation, count in sorted(summary["cases"].items()):
        print(f"{operation:80} {count}")
    print(f"total requests: {sum(summary['cases'].values())}")
    print("failures by check:", json.dumps(summary["failures"]) if summary["failures"] else "none")
    for check, operations in sorted(summary["failing"].items()):
        print(f"  {check}: {', '.join(sorted(operations))}")
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
        stderr=subprocess.DEVNULL,  # every refused request is logged; Schemathesis reports what matters
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
    print(summary["output"][-6000:])
    print_summary(summary)
    return 0 if summary["exit_code"] == 0 and not summary["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
