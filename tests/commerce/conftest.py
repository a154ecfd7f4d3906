"""Commerce test helpers: a recording fulfilment handler in place of the software app's; English messages."""

import pytest

from commerce import fulfilment
from commerce.errors import CommerceError
from commerce.fulfilment import LineHandler


class RecordingHandler:
    """Records fulfil/cancel calls; `refuse_cancel` makes cancel raise like an owner's rule would."""

    def __init__(self):
        self.fulfilled, self.cancelled = [], []
        self.refuse_cancel = None

    def fulfil(self, *, order, lines, actor):
        self.fulfilled.append((order.order_id, [line.line_number for line in lines], actor))

    def cancel(self, *, order, lines, actor):
        if self.refuse_cancel:
            raise CommerceError(900117, self.refuse_cancel)
        self.cancelled.append((order.order_id, [line.line_number for line in lines], actor))


@pytest.fixture
def software_handler(monkeypatch):
    """Replace the "software" line handler for one test; the registry is restored afterwards."""
    recorder = RecordingHandler()
    monkeypatch.setitem(fulfilment._handlers, "software", LineHandler(fulfil=recorder.fulfil, cancel=recorder.cancel))
    return recorder
