"""Activity log: rights per role, date range (default 30 days, 90-day retention), CSV export."""

import csv
import io
from datetime import timedelta

import pytest

from accounts.models import Role
from simulation.services import clock_advance
from software import services

ALLOWED = [Role.GLOBAL_ADMIN, Role.ACCOUNT_ADMIN, Role.REFERRAL_ADMIN, Role.MARKETING_CONTENT_ADMIN]
REFUSED = [Role.ADMIN_AGENT, Role.SALES_AGENT, Role.HELPDESK_AGENT, Role.BILLING_ADMIN]


@pytest.mark.parametrize("role", ALLOWED + REFUSED)
def test_activity_log_rights(make_user, client_as, api_as, role):
    user = make_user(role)
    client = client_as(user)
    response = client.get("/activity-log/")
    assert response.status_code == (200 if role in ALLOWED else 403)
    assert client.get("/activity-log/export.csv").status_code == (200 if role in ALLOWED else 403)
    assert api_as(user).get("/v1/auditrecords").status_code == (200 if role in ALLOWED else 403)
    nav = client.get("/customers/").content.decode() if role != Role.REFERRAL_ADMIN else ""
    if role in (Role.ADMIN_AGENT, Role.SALES_AGENT, Role.HELPDESK_AGENT):
        assert 'href="/activity-log/"' not in nav


def test_lists_key_views_and_downloads_in_the_default_range(
    buy, customer_a, partner_a, admin_agent_a, global_admin_a, client_as, django_assert_max_num_queries
):
    purchase = buy(customer_a)
    services.product_key_reveal(purchase=purchase, version="2022", actor=admin_agent_a)
    clock_advance(partner=partner_a, by=timedelta(days=31))
    services.software_download(
        purchase=purchase, version="2022", language="it-IT", bitness="64-bit", actor=admin_agent_a
    )
    client = client_as(global_admin_a)

    with django_assert_max_num_queries(8):
        page = client.get("/activity-log/").content.decode()
    older = client.get("/activity-log/", {"start_date": "2030-01-01", "end_date": "2030-01-31"}).content.decode()

    assert "Downloaded software" in page and "Alpha Srl" in page and admin_agent_a.username in page
    assert "Viewed product key" not in page  # 31 days ago: outside the default 30 days
    assert "Viewed product key" in older


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2030-01-20", "2030-01-10", "on or after the start date"),
        ("2029-09-01", "2030-01-10", "Activity is kept for 90 days"),
        ("2030-01-01", "2030-02-01", "cannot be in the future"),
        ("yesterday", "2030-01-10", "Enter a valid date"),
    ],
)
def test_bad_ranges_are_form_errors(frozen, global_admin_a, client_as, start, end, message):
    client = client_as(global_admin_a)
    response = client.get("/activity-log/", {"start_date": start, "end_date": end})
    csv_response = client.get("/activity-log/export.csv", {"start_date": start, "end_date": end})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert csv_response.status_code == 400


def test_csv_export(buy, customer_a, admin_agent_a, global_admin_a, client_as):
    purchase = buy(customer_a)
    services.product_key_reveal(purchase=purchase, version="2022", actor=admin_agent_a)
    services.download_link_create(
        purchase=purchase, version="2022", language="it-IT", bitness="64-bit", actor=admin_agent_a
    )

    response = client_as(global_admin_a).get(
        "/activity-log/export.csv", {"start_date": "2030-01-01", "end_date": "2030-01-10"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == ["Date-Time (UTC)", "Affected customer", "Action", "User"]
    assert rows[1][1:] == ["Alpha Srl", "Created download link", admin_agent_a.username]
    assert rows[2][1:] == ["Alpha Srl", "Viewed product key", admin_agent_a.username]


def test_other_partners_activity_is_not_listed(buy, customer_a, admin_agent_a, make_user, partner_b, client_as):
    purchase = buy(customer_a)
    services.product_key_reveal(purchase=purchase, version="2022", actor=admin_agent_a)
    page = client_as(make_user(Role.GLOBAL_ADMIN, partner=partner_b)).get("/activity-log/").content.decode()
    assert "Alpha Srl" not in page
