"""The back office shows invoices and lines read-only, with filters and search."""

import pytest
from django.urls import reverse

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
