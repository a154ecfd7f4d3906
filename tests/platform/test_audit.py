"""Audit records: the database refuses to change or remove one; a record lives and dies with its action."""

import pytest
from django.db import DatabaseError, connection, transaction

from customers import services
from customers.models import Customer
from partnercenter.audit import audit_record_write
from partnercenter.models import AuditRecord


@pytest.fixture
def record(partner_a, admin_agent_a, customer_a):
    return audit_record_write(
        partner=partner_a,
        actor=admin_agent_a,
        operation_type="create_order",
        resource_type="order",
        customer=customer_a,
        customized_data={"OrderId": "o-1"},
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda r: AuditRecord.objects.filter(pk=r.pk).update(operation_status="failed"),
        lambda r: AuditRecord.objects.filter(pk=r.pk).delete(),
        lambda r: r.delete(),
        lambda r: (setattr(r, "customer_name", "Forged"), r.save()),
        lambda r: connection.cursor().execute("UPDATE partnercenter_auditrecord SET customer_name = 'x'"),
        lambda r: connection.cursor().execute("DELETE FROM partnercenter_auditrecord"),
    ],
    ids=["queryset update", "queryset delete", "instance delete", "instance save", "raw UPDATE", "raw DELETE"],
)
def test_the_database_refuses_to_update_or_delete_an_audit_record(record, change):
    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic():
        change(record)
    stored = AuditRecord.objects.get(pk=record.pk)
    assert (stored.customer_name, stored.operation_status) == ("Alpha Srl", "succeeded")


def test_an_audit_record_is_written_in_the_transaction_of_its_action(partner_a, admin_agent_a):
    """A service that rolls back after writing takes its audit record with it: no record of a non-event."""
    fields = {
        "domain": "rollback.onmicrosoft.com",
        "company_name": "Rollback Srl",
        "first_name": "Anna",
        "last_name": "Neri",
        "email": "anna@rollback.example",
        "market": "IT",
        "address_line1": "Via Po 1",
        "city": "Torino",
        "state": "TO",
        "postal_code": "10121",
        "language": "it",
    }
    with pytest.raises(RuntimeError), transaction.atomic():
        services.customer_create(partner=partner_a, actor=admin_agent_a, **fields)
        assert AuditRecord.objects.filter(operation_type="add_customer").exists()
        raise RuntimeError("the request failed after the service")
    assert not Customer.objects.filter(domain="rollback.onmicrosoft.com").exists()
    assert not AuditRecord.objects.filter(operation_type="add_customer").exists()
