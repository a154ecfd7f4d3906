"""Finding 6: secrets are never cached, and every page carries a CSP and a Permissions-Policy.

Before, a new client secret, a product key or a download link page (and every signed-in page, CSV
and JSON) could be kept by a shared cache or the back button; no page sent a CSP.
"""

import re
from pathlib import Path

from django.conf import settings

from accounts.models import Role
from software.serializers import entitlement_id


def assert_not_stored(response):
    assert "no-store" in response.get("Cache-Control", ""), (response.status_code, response.get("Cache-Control"))


def assert_csp(response):
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_with_secrets_are_not_stored(buy, customer_a, make_user, client_as, api_as):
    admin = make_user(Role.GLOBAL_ADMIN, Role.ADMIN_AGENT)
    purchase = buy(customer_a)
    client = client_as(admin)
    base = f"/software/customers/{customer_a.tenant_id}/purchases/{purchase.pk}"
    choices = {"version": "2022", "language": "it-IT", "bitness": "64-bit"}
    api_base = f"/v1/customers/{customer_a.tenant_id}/entitlements/{entitlement_id(purchase)}"

    responses = [
        client.post("/settings/api-credentials/", {"name": "New app"}),  # the new client secret
        client.post(f"{base}/key/", {"version": "2022"}),
        client.post(f"{base}/key/", {"version": "2022"}, HTTP_ACCEPT="application/json"),
        client.post(f"{base}/link/", choices),
        api_as(admin).post(f"{api_base}/productkey", {"version": "2022"}, format="json"),
        api_as(admin).post(f"{api_base}/downloadlinks", choices, format="json"),
    ]

    for response in responses:
        assert response.status_code in (200, 201), response.content[:200]
        assert_not_stored(response)


def test_every_signed_in_page_csv_and_json_is_not_stored(make_user, client_as, api_as, customer_a):
    user = make_user(*Role)
    client = client_as(user)
    for url in ["/customers/", f"/customers/{customer_a.tenant_id}/", "/billing/", "/activity-log/export.csv"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)
    assert_not_stored(api_as(user).get("/v1/customers"))


def test_every_page_sends_a_csp_and_a_permissions_policy(client, make_user, client_as):
    anonymous = [client.get("/login/"), client.get("/admin/login/"), client.get("/v1/docs/"), client.get("/nowhere/")]
    signed_in = [client_as(make_user(Role.ADMIN_AGENT)).get("/customers/")]

    for response in anonymous + signed_in:
        assert_csp(response)


def test_templates_hold_no_inline_script_handler_or_style_attribute():
    """What the CSP would block: the portal's templates load behaviour and styles from static files."""
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    offenders = []
    for template in (path for root in roots for path in root.rglob("*.html")):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template}: inline script")
        if re.search(r"\sstyle\s*=", text) or "<style" in text:
            offenders.append(f"{template}: inline style")
    assert not offenders, offenders
