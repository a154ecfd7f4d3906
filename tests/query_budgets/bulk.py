"""Fast test data for query budgets: copies of a row made through the services, inserted with bulk_create."""

from collections.abc import Callable

from django.db.models import Model


def clone(row: Model, count: int, **vary: Callable[[int], object]) -> list[Model]:
    """`count` copies of `row` in one INSERT: unique fields with a default (ids, UUIDs) get a fresh one,
    `vary[attname](i)` sets a field of the i-th copy (unique values without a default, foreign keys by id)."""
    model = type(row)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    copies = []
    for index in range(count):
        values = {
            field.attname: field.get_default() if field.unique and field.has_default() else getattr(row, field.attname)
            for field in fields
        }
        values.update({name: make(index) for name, make in vary.items()})
        copies.append(model(**values))
    return model.objects.bulk_create(copies)


def software_purchases_like(purchase, count: int) -> list:
    """`count` more software purchases like `purchase`, each in its own order of one line (three INSERTs)."""
    line = purchase.order_line
    orders = clone(line.order, count)
    lines = clone(line, count, order_id=lambda i: orders[i].pk)
    return clone(purchase, count, order_line_id=lambda i: lines[i].pk)


def audit_records(partner, count: int, *, operation_type: str, at, customer=None) -> list:
    """`count` audit records of one operation at `at` (the activity log and /v1/auditrecords list them)."""
    from partnercenter.models import AuditRecord

    return AuditRecord.objects.bulk_create(
        AuditRecord(
            partner=partner,
            customer_id=customer.tenant_id if customer else None,
            customer_name=customer.company_name if customer else "",
            user_principal_name="agent@partner.example",
            resource_type="product_key",
            operation_type=operation_type,
            operation_date=at,
        )
        for _ in range(count)
    )


def reservations_like(reservation, count: int, *, same_order: bool = False) -> list:
    """`count` more reservations like `reservation`: each in its own reservation order, or all in its order."""
    if same_order:
        return clone(reservation, count)
    orders = clone(reservation.order, count)
    return clone(reservation, count, order_id=lambda i: orders[i].pk)
