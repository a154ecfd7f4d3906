"""Scheduled effects owned by billing (registered from BillingConfig.ready())."""

from billing import services
from partnercenter import scheduler


@scheduler.register(services.ISSUE_EFFECT)
def issue_invoice(effect) -> None:
    """At the period end: issue the invoice dated at the effect's instant and open the next month."""
    services.invoice_issue(invoice_id=int(effect.target), issued_at=effect.due_at)
