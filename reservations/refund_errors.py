"""Refusals of refunds and exchanges: ReservationError subclasses with Partner Center's and Azure's codes."""

from reservations.errors import ReservationError


class RefundError(ReservationError):
    """A refund or exchange the policy refuses (400, 800002; Azure BadRequest)."""

    error_name = "RefundNotAllowed"


class RefundLimitExceeded(RefundError):
    """The return would pass the customer's USD 50,000 in a rolling 365 days; `remaining_usd` is what is left."""

    error_name = "RefundLimitExceeded"
    azure_code = "RefundLimitExceeded"

    def __init__(self, description: str, *, remaining_usd, consumed_usd, limit_usd):
        super().__init__(description)
        self.remaining_usd = remaining_usd
        self.consumed_usd = consumed_usd
        self.limit_usd = limit_usd
        self.data = [{"remainingUsd": str(remaining_usd), "consumedUsd": str(consumed_usd), "limitUsd": str(limit_usd)}]


class RefundNotSupported(RefundError):
    """The reservation type cannot be refunded or exchanged (Databricks, Synapse, Red Hat, SUSE, ...)."""

    error_name = "SelfServiceRefundNotSupported"
    azure_code = "SelfServiceRefundNotSupported"


class InvalidRefundQuantity(RefundError):
    error_name = "InvalidRefundQuantity"
    azure_code = "InvalidRefundQuantity"


class QuoteExpired(RefundError):
    """The session is older than RESERVATION_QUOTE_LIFETIME, or was already used: calculate again."""

    status = 409
    error_name = "RefundSessionExpired"
    azure_code = "BadRequest"


class QuoteNotFound(RefundError):
    code = 1000
    status = 404
    error_name = "RefundSessionNotFound"
    azure_code = "BadRequest"


class ExchangeNotAllowed(RefundError):
    """Different family, or a new commitment below the value returned."""

    error_name = "ExchangeNotAllowed"
    azure_code = "BadRequest"
