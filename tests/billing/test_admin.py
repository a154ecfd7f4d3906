"""The back office shows invoices and lines read-only, with filters and search."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from simulation.services import clock_advance
from tests.factories import UserFactory


@pytest.fixture
def operator(client):
    client.force_login(UserFactory(partner=None, username="ops@simulator.example", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def line(charge, customer_a):
    return charge(customer_a, "100.00", order_id="ORDERADMIN1")


def test_lines_changelist_filters_and_searches(operator, line, django_assert_max_num_queries):
    url = reverse("admin:billing_invoiceline_changelist")

    with django_assert_max_num_queries(15):
        page = operator.get(url, {"charge_type__exact": "new", "q": "ORDERADMIN1"}).content.decode()

    assert "ORDERADMIN1" in page and "Alpha Srl" in page
    assert operator.get(url, {"charge_type__exact": "refund"}).context["cl"].result_count == 0
    assert operator.get(url, {"customer__id__exact": line.customer_id}).context["cl"].result_count == 1


def test_both_changelists_filter_by_billing_period(operator, line, charge, customer_a, frozen_a):
    clock_advance(partner=frozen_a, to=datetime(2030, 3, 3, tzinfo=UTC))
    charge(customer_a, "5.00", order_id="ORDERMARCH")
    lines_url = reverse("admin:billing_invoiceline_changelist")
    invoices_url = reverse("admin:billing_invoice_changelist")

    january = operator.get(lines_url, {"period": "2030-01"})
    march = operator.get(lines_url, {"period": "2030-03"})

    assert [row.order_id for row in january.context["cl"].result_list] == ["ORDERADMIN1"]
    assert [row.order_id for row in march.context["cl"].result_list] == ["ORDERMARCH"]
    assert "2030-02" in january.content.decode()  # every existing period is offered
    february = operator.get(invoices_url, {"period": "2030-02"}).context["cl"].result_list
    assert [(i.billing_period_start.month, i.status) for i in february] == [(2, "issued")]
    assert operator.get(invoices_url, {"period": "nonsense"}).context["cl"].result_count == 0


def test_invoices_changelist_searches_by_order_id(operator, line):
    response = operator.get(reverse("admin:billing_invoice_changelist"), {"q": "ORDERADMIN1", "status__exact": "open"})

    assert response.context["cl"].result_count == 1


def test_nothing_can_be_added_changed_or_deleted(operator, line):
    for model in ("invoice", "invoiceline"):
        assert operator.get(reverse(f"admin:billing_{model}_add")).status_code == 403
    obj_urls = [
        reverse("admin:billing_invoiceline_change", args=[line.pk]),
        reverse("admin:billing_invoice_change", args=[line.invoice_id]),
    ]
    for url in obj_urls:
        page = operator.get(url)
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert operator.post(url, {"total": "0"}).status_code == 403
    assert operator.get(reverse("admin:billing_invoiceline_delete", args=[line.pk])).status_code == 403
