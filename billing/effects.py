"""Scheduled effects owned by billing (registered from BillingConfig.ready())."""

from billing import services
from partnercenter import scheduler


@scheduler.register_batch(services.ISSUE_EFFECT, batch_size=100)
def issue_invoices(effects) -> None:
    """At the period end: issue each invoice dated at its effect's instant and open the next month."""
    services.invoices_issue(due={int(effect.target): effect.due_at for effect in effects})
