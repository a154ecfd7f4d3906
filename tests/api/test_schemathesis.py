"""Schemathesis, every check, against a live server holding a partner, a customer and the catalog.

A small budget here (`make test`); `python -m bench.schemathesis_run --max-examples 200` runs the
same `run()` with a larger one. The figures (requests per operation, failures by check) are printed.
"""

from pathlib import Path

import pytest

from accounts.services import access_token_issue
from bench.schemathesis_run import print_summary, run
from commerce.catalog_seed import catalog_seed
from tests.factories import CustomerFactory

MAX_EXAMPLES = 5
MAX_SECONDS = 75  # the whole run's cap, so make test grows by at most this much
# Schema-valid requests the server still refuses with 400, because the refusal depends on state the
# schema cannot describe: a forged or foreign continuation token (any string is a valid token shape),
# a domain another customer already holds, a clock move to an instant the clock has already passed, a
# service request whose topic needs a customer's reservation or order that does not exist.
STATE_DEPENDENT_REFUSALS = {
    "GET /v1/customers",
    "GET /v1/invoices",
    "GET /v1/invoices/unbilled/lineitems",
    "GET /v1/products",
    "GET /v1/products/{product_id}/skus",
    "GET /v1/products/{product_id}/skus/{sku_id}/availabilities",
    "GET /v1/servicerequests",
    "GET /v1/customers/{customer_tenant_id}/servicerequests",
    "POST /v1/servicerequests/{id_or_locale}",
    "POST /v1/customers",
    "POST /v1/simulation/clock/advance",
    "Stateful tests",
}


@pytest.mark.schema_unchecked  # the requests come from Schemathesis, which checks them itself
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure(live_server, settings, credential_a, tmp_path: Path):
    settings.API_THROTTLE_RATE = "1000000/min"
    catalog_seed()
    CustomerFactory(partner=credential_a.partner, market="US", state="WA", city="Redmond", postal_code="98052")
    token, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential_a.client_id), client_secret=credential_a.secret
    )
    summary = run(live_server.url, token, max_examples=MAX_EXAMPLES, report_dir=tmp_path, seed=1, max_time=MAX_SECONDS)
    print_summary(summary)
    assert summary["cases"], summary["output"][-3000:]
    assert not summary["errors"], summary["errors"]
    failing = dict(summary["failing"])
    refused = failing.pop("positive_data_acceptance", set())
    assert not failing, f"{failing}\n{summary['output'][-6000:]}"
    assert refused <= STATE_DEPENDENT_REFUSALS, f"{refused - STATE_DEPENDENT_REFUSALS}\n{summary['output'][-6000:]}"
