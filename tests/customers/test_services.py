"""customer_create: the one write every path uses (page, API, demo data); audit in the same transaction."""

import json

import pytest
from django.core.exceptions import ValidationError

from customers.models import Customer
from customers.services import customer_create
from partnercenter.models import AuditRecord
from tests.concurrency import run_concurrently
from tests.customers.test_customer_add import valid_data


def test_create_writes_the_add_customer_audit_row_naming_the_actor(partner_a, admin_agent_a):
    customer = customer_create(partner=partner_a, actor=admin_agent_a, **valid_data())

    record = AuditRecord.objects.get(operation_type="add_customer")
    assert record.partner == partner_a
    assert (record.customer_id, record.customer_name) == (customer.tenant_id, "Gamma SpA")
    assert record.user_principal_name == admin_agent_a.username
    assert json.loads(record.resource_new_value) == {
        "companyName": "Gamma SpA",
        "domain": "gamma.onmicrosoft.com",
        "country": "IT",
    }
    assert record.operation_date == customer.created_at


def test_bad_input_raises_and_writes_neither_customer_nor_audit(partner_a, admin_agent_a):
    with pytest.raises(ValidationError) as error:
        customer_create(partner=partner_a, actor=admin_agent_a, **valid_data(market="US", state="", domain="x.com"))

    assert set(error.value.message_dict) == {"state", "domain"}
    assert not Customer.objects.exists()
    assert not AuditRecord.objects.filter(operation_type="add_customer").exists()


def test_unknown_field_is_a_programming_error(partner_a):
    with pytest.raises(TypeError, match="tenant_id"):
        customer_create(partner=partner_a, actor=None, tenant_id="1", **valid_data())


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_of_one_domain_make_one_customer_and_form_errors(partner_a, admin_agent_a):
    outcomes = run_concurrently(lambda: customer_create(partner=partner_a, actor=admin_agent_a, **valid_data()), 8)

    created = [o for o in outcomes if isinstance(o, Customer)]
    refused = [o for o in outcomes if not isinstance(o, Customer)]
    assert len(created) == 1
    assert all(isinstance(o, ValidationError) and "domain" in o.message_dict for o in refused), refused
    assert Customer.objects.filter(domain="gamma.onmicrosoft.com").count() == 1
    assert AuditRecord.objects.filter(operation_type="add_customer").count() == 1
