"""Support services: filing requests, their thread, and support staff's decisions."""

from support.services.attachments import attachment_validate
from support.services.decisions import information_ask, request_approve, request_reject
from support.services.requests import note_add, problem_report_create, request_close, reservation_request_create

__all__ = [
    "attachment_validate",
    "information_ask",
    "note_add",
    "problem_report_create",
    "request_approve",
    "request_close",
    "request_reject",
    "reservation_request_create",
]
