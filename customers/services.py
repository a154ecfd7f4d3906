"""Writes on customers: every path (page, API, command, demo data) creates customers here."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from customers.models import Customer, normalize_domain
from partnercenter import clock
from partnercenter.audit import audit_record_write

CUSTOMER_FIELDS = (
    "company_name",
    "domain",
    "market",
    "relationship_to_partner",
    "first_name",
    "last_name",
    "email",
    "phone_number",
    "culture",
    "language",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "organization_registration_number",
)


def customer_create(*, partner, actor, **fields) -> Customer:
    """Validate and create a customer of `partner`; raises ValidationError and writes nothing on bad input.

    `actor` is the user or API principal acting (None for the system, e.g. demo data), recorded in the
    audit trail as add_customer in the same transaction.
    """
    unknown = set(fields) - set(CUSTOMER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown customer fields: {sorted(unknown)}")
    fields["domain"] = normalize_domain(fields.get("domain", ""))
    customer = Customer(partner=partner, created_at=clock.now(partner), **fields)
    customer.full_clean()
    try:
        with transaction.atomic():
            customer.save()
            audit_record_write(
                partner=partner,
                actor=actor,
                operation_type="add_customer",
                resource_type="customer",
                customer=customer,
                new_value={
                    "companyName": customer.company_name,
                    "domain": customer.domain,
                    "country": str(customer.market),
                },
                when=customer.created_at,
            )
    except IntegrityError as exc:  # a concurrent create took the domain between validation and insert
        raise ValidationError({"domain": _("Customer with this domain already exists.")}) from exc
    return customer
