"""Scheduled effects of the software app (registered from SoftwareConfig.ready())."""

from partnercenter import scheduler
from software import services


@scheduler.register(services.CANCELLATION_EFFECT)
def cancellation_takes_effect(effect) -> None:
    """The confirmed cancellation becomes visible: at the effect's due instant, not at "now"."""
    services.cancellation_take_effect(line_pk=int(effect.target), at=effect.due_at)
