"""Every reservation write, one module per concern, importable from here as `reservations.services.<name>`.

- azure_plans: the Azure plan (commerce fulfil hook) and Azure subscriptions;
- purchase: the one purchase path (commerce fulfil hook), quotes;
- management: scope, name, renewal, flexibility, Azure Hybrid Benefit;
- access: role assignments (IAM);
- instalments and lifecycle: payments, daily utilization, expiry and renewal (scheduled effects).
"""

from reservations.services.access import role_assignment_add, role_assignment_remove
from reservations.services.azure_plans import azure_plan_purchase, azure_subscription_add
from reservations.services.lifecycle import lifecycle_run, utilization_accrue
from reservations.services.management import UNCHANGED, access_require, reservation_update
from reservations.services.purchase import (
    Quote,
    billing_plan_parse,
    reservation_purchase,
    reservation_quote,
    scope_parse,
)

__all__ = [
    "UNCHANGED",
    "Quote",
    "access_require",
    "azure_plan_purchase",
    "azure_subscription_add",
    "billing_plan_parse",
    "lifecycle_run",
    "reservation_purchase",
    "reservation_quote",
    "reservation_update",
    "role_assignment_add",
    "role_assignment_remove",
    "scope_parse",
    "utilization_accrue",
]
