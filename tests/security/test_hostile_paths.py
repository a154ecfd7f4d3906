"""Finding 5: hostile path segments get 400 (never 500) on every route of the URL configuration.

The routes are read from the resolver, so a new page or endpoint is covered the day it is added.
Each path parameter in turn gets each hostile value while the others hold real ids (a real customer
of the caller), so the value reaches as deep as a route lets it: before, `abc%00def` as an order id
reached PostgreSQL and answered 500.

The probes call every method of every route, most outside the published schema on purpose, so the
tests opt out of the automatic contract check and apply it themselves to every /v1 response of an
operation the schema lists: the middleware's 400 is part of every operation's contract.
"""

import json
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from accounts.models import Role
from tests.api_personas import assert_error
from tests.factories import CustomerUserFactory, UserFactory

# Refused by the middleware (400) ...
REFUSED = {
    "nul": "abc\x00def",
    "control": "a\x1b[31mb",
    "delete": "a\x7fb",
    "surrogate": "a\ud800b",
    "overlong": "a" * 300,
}
# ... and odd but acceptable values that reach the views, which must answer them with a 4xx too.
ODD = {"longest": "a" * 255, "colons": "abc:0:1", "minus": "-1", "dots": "..", "percent": "%25"}
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def routes(resolver=None, prefix: str = "") -> list[str]:
    """Every route of the URL configuration as a template: `customers/<uuid:tenant_id>/`."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry.pattern, RegexPattern):
            pattern = REGEX_GROUP.sub(lambda m: f"<str:{m.group('name')}>", pattern).lstrip("^").rstrip("$")
            pattern = pattern.replace("\\", "")
        if isinstance(entry, URLResolver):
            found += routes(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            found.append(prefix + pattern)
    return found


def encoded(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def fill(route: str, hostile_name: str | None, value: str, real: dict) -> str:
    def one(match):
        if match.group("name") == hostile_name:
            return encoded(value)
        return str(real.get(match.group("converter") or "str", "x"))

    return "/" + CONVERTER.sub(one, route)


def hostile_urls(route: str, real: dict, values: dict) -> list[str]:
    names = [match.group("name") for match in CONVERTER.finditer(route)]
    if not names:  # no parameter: the hostile value as one more segment
        base = f"/{route}" if route.endswith("/") or not route else f"/{route}/"
        return [f"{base}{encoded(value)}/" for value in values.values()]
    return [fill(route, name, value, real) for name in names for value in values.values()]


@pytest.fixture
def callers(customer_a, partner_a, api_as):
    """A client per area: partner pages, the customer's own pages, the admin, the API (every role)."""
    everyone = UserFactory(partner=partner_a, roles=list(Role))
    pages, own, admin = Client(), Client(), Client()
    pages.force_login(everyone)
    own.force_login(CustomerUserFactory(customer=customer_a))
    admin.force_login(UserFactory(partner=None, username="ops@simulator.example", is_staff=True, is_superuser=True))
    api = api_as(everyone)
    for client in (pages, own, admin, api):
        client.raise_request_exception = False
    return {"pages": pages, "my/": own, "admin/": admin, "v1/": api}


def contract_problems(api_contract, response) -> list[str]:
    """The schema's verdict on a response of an operation it lists; [] for other routes and methods."""
    path, method = response.request["PATH_INFO"], response.request["REQUEST_METHOD"]
    if not path.startswith("/v1/") or response.streaming or api_contract.operation(method, path) is None:
        return []
    return api_contract.problems(method, path, response.status_code, response.get("Content-Type", ""), response.content)


def caller_for(callers, route: str):
    return next((client for prefix, client in callers.items() if route.startswith(prefix)), callers["pages"])


@pytest.mark.schema_unchecked  # every method of every route on purpose; contract_problems checks the operations
def test_every_route_answers_hostile_segments_with_4xx_never_500(callers, customer_a, api_contract):
    real = {"uuid": customer_a.tenant_id, "int": 1, "str": "x", "path": "x", "slug": "x"}
    all_routes = [route for route in routes() if not route.endswith("logout/")]
    assert any(route.startswith("v1/") for route in all_routes) and any("admin/" in r for r in all_routes)
    failures, refused, documented = [], 0, 0

    for route in all_routes:
        client = caller_for(callers, route)
        # Django's admin is Django's code: one method is enough there; ours get every method they serve.
        methods = ("get",) if route.startswith("admin/") else ("get", "post", "patch")
        for url in hostile_urls(route, real, REFUSED):
            for method in methods:
                response = getattr(client, method)(url)
                refused += 1
                documented += api_contract.operation(method, response.request["PATH_INFO"]) is not None
                if response.status_code != 400 or contract_problems(api_contract, response):
                    failures.append((method.upper(), url[:120], response.status_code))
        for url in hostile_urls(route, real, ODD):
            for method in methods:
                response = getattr(client, method)(url)
                if response.status_code >= 500 or contract_problems(api_contract, response):
                    failures.append((method.upper(), url[:120], response.status_code))

    assert not failures, failures[:20]
    assert refused > 500
    assert documented > 100  # the refusals of the schema's own operations were checked against it


@pytest.mark.schema_unchecked  # the probe's methods include some the schema does not list; checked below
def test_the_probes_urls_get_partner_center_json_under_v1_and_a_plain_400_on_pages(callers, customer_a, api_contract):
    customer = customer_a.tenant_id
    api_urls = [
        f"/v1/customers/{customer}/orders/abc%00def",
        "/v1/products/ab%00c",
        "/v1/products/DG7GMGF0D65N/skus/00%001/availabilities",
        "/v1/invoices/G%00",
        "/v1/invoices/G%00/lineitems/onetime/billinglineitems",
        f"/v1/customers/{customer}/entitlements/abc%00:0/productkey",
        f"/v1/customers/{customer}/entitlements/abc%00:0/downloadlinks",
    ]
    for url in api_urls:
        for method in ("get", "patch", "post"):
            response = getattr(callers["v1/"], method)(url)
            assert assert_error(response, 400, 800002)["errorName"] == "InvalidPath"
            assert not contract_problems(api_contract, response)

    page = callers["pages"].get(f"/commerce/customers/{customer}/orders/abc%00def/")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/plain")
    assert "control characters" in page.content.decode()


@pytest.mark.parametrize(
    "spec",
    [
        {"Field": {"x": 1}, "Value": "x"},
        {"Field": ["CompanyName"], "Value": "x"},
        {"Field": "CompanyName", "Value": "x", "Operator": {"x": 1}},
        {"Field": "CompanyName", "Value": "x", "Operator": ["equals"]},
        {"Field": 7, "Value": "x", "Operator": 7},
    ],
)
def test_audit_record_filter_with_a_non_string_field_or_operator_is_400(api_as, global_admin_a, spec):
    response = api_as(global_admin_a).get("/v1/auditrecords", {"filter": json.dumps(spec)})

    assert assert_error(response, 400, 800002)["errorName"] == "InvalidFilter"
