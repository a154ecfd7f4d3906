"""Scheduled effects of the software app (registered from SoftwareConfig.ready())."""

from partnercenter import scheduler
from software import services


@scheduler.register_batch(services.CANCELLATION_EFFECT, batch_size=500)
def cancellations_take_effect(effects) -> None:
    """Confirmed cancellations become visible: each at its effect's due instant, not at "now"."""
    partner = effects[0].partner
    services.cancellations_take_effect(partner=partner, due={int(effect.target): effect.due_at for effect in effects})
