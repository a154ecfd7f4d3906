"""The activity log CSV never hands a spreadsheet a formula in a name a customer or partner typed."""

import csv
import io

from accounts.models import Role
from software import services
from tests.factories import UserFactory

FORMULA = '=HYPERLINK("http://x")'


def test_names_starting_a_formula_are_quoted(buy, customer_a, partner_a, global_admin_a, client_as):
    customer_a.company_name = FORMULA
    customer_a.save(update_fields=["company_name"])
    agent = UserFactory(partner=partner_a, username="@SUM(A1)", roles=[Role.ADMIN_AGENT])
    services.product_key_reveal(purchase=buy(customer_a), version="2022", actor=agent)

    response = client_as(global_admin_a).get(
        "/activity-log/export.csv", {"start_date": "2030-01-01", "end_date": "2030-01-10"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1:] == ["'" + FORMULA, "Viewed product key", "'@SUM(A1)"]
