"""A prepared query gives what its queryset gives, in one statement, from any thread."""

import threading
import uuid

import pytest
from django.db import connection
from django.db.models import Count

from customers.models import Customer
from partnercenter.prepared import PreparedQuery
from tests.factories import CustomerFactory

BY_TENANT = PreparedQuery(
    lambda partner_id, tenant_id: Customer.objects.select_related("partner").filter(
        partner_id=partner_id, tenant_id=tenant_id
    ),
    partner_id=-1,
    tenant_id=uuid.UUID(int=0),
)


@pytest.mark.django_db
def test_the_same_objects_as_the_queryset_in_one_statement(partner_a, partner_b, django_assert_num_queries):
    mine = CustomerFactory(partner=partner_a, company_name="Alpha Srl")
    CustomerFactory(partner=partner_b)
    expected = Customer.objects.select_related("partner").get(pk=mine.pk)
    with django_assert_num_queries(1):
        [found] = BY_TENANT(partner_id=partner_a.pk, tenant_id=mine.tenant_id)
        assert found.partner.name == partner_a.name  # joined, no second query
    assert [(f.attname, getattr(found, f.attname)) for f in Customer._meta.concrete_fields] == [
        (f.attname, getattr(expected, f.attname)) for f in Customer._meta.concrete_fields
    ]
    assert found.company_name == "Alpha Srl" and str(found.market) == str(expected.market)
    assert BY_TENANT(partner_id=partner_b.pk, tenant_id=mine.tenant_id) == []  # another partner's: nothing
    assert BY_TENANT(partner_id=partner_a.pk, tenant_id=uuid.uuid4()) == []


@pytest.mark.django_db(transaction=True)
def test_each_thread_compiles_its_own(partner_a):
    customer = CustomerFactory(partner=partner_a)
    found = []

    def read():
        try:
            found.extend(BY_TENANT(partner_id=partner_a.pk, tenant_id=customer.tenant_id))
        finally:
            connection.close()  # the thread's own connection

    BY_TENANT(partner_id=partner_a.pk, tenant_id=customer.tenant_id)
    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    assert [c.pk for c in found] == [customer.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "build",
    [
        lambda name: Customer.objects.filter(company_name=name, domain=name),  # the sample twice
        lambda name: Customer.objects.filter(company_name=name).annotate(n=Count("invoice_lines")),
    ],
)
def test_a_shape_it_cannot_bind_is_refused(build):
    with pytest.raises(ValueError):
        PreparedQuery(build, name="sample")(name="x")


@pytest.mark.django_db(transaction=True)
def test_a_statement_runs_on_the_connection_of_the_moment(partner_a):
    """If the context's connection object is replaced, the statement is compiled again for the new one,
    whose open transaction it must see, instead of running on the connection it was first compiled for."""
    from django.db import connections, transaction

    BY_TENANT(partner_id=partner_a.pk, tenant_id=uuid.uuid4())  # compiled for the current connection
    first = connections["default"]
    connections["default"] = connections.create_connection("default")
    try:
        with transaction.atomic():  # on the new connection: uncommitted, so only it sees the row
            customer = CustomerFactory(partner=partner_a)
            found = BY_TENANT(partner_id=partner_a.pk, tenant_id=customer.tenant_id)
            assert [c.pk for c in found] == [customer.pk]
    finally:
        connections["default"].close()
        connections["default"] = first
