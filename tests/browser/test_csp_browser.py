"""The Content-Security-Policy blocks nothing the portal itself uses (and the pages still work)."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role

pytestmark = pytest.mark.browser


def test_portal_pages_and_the_api_docs_run_under_the_csp_without_violations(page, sign_in, make_user, customer_a):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    user = make_user(*Role)
    sign_in(page, user)

    for url in ["/", "/customers/", f"/customers/{customer_a.tenant_id}/", "/settings/api-credentials/", "/v1/docs/"]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    expect(page.locator(".swagger-ui")).to_be_visible()

    page.goto("/customers/")
    page.select_option("#language-select", "it")  # the auto-submit now comes from static/js/portal.js
    expect(page.locator("html")).to_have_attribute("lang", "it")
    assert not violations, violations
