"""Per-request values that services record without threading them through every call."""

from contextvars import ContextVar

correlation_id: ContextVar[str] = ContextVar("correlation_id", default="")
