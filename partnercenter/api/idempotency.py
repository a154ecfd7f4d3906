"""`MS-RequestId` as an idempotency key for writes, on Stripe's contract (reliability note §1.1).

Same key and same request → the first response, byte for byte, and exactly one effect: the view's
work and the stored response commit in one transaction. Same key with another body or path → 409.
A duplicate arriving while the first is still running → 409 (a transaction-scoped advisory lock
on the key says "in progress"). Keys are scoped by credential and user, kept at least
API_IDEMPOTENCY_RETENTION and purged by a periodic task. Server errors (5xx) are not stored,
so a retry after a crash runs again.
"""

import contextlib
import hashlib
import json
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse

from partnercenter import clock
from partnercenter.api.errors import ApiError
from partnercenter.models import IdempotencyRecord

KEY_LIMIT = 255
SKIPPED_HEADERS = {"ms-requestid", "ms-correlationid"}


class _NotStored(Exception):
    """Leaves the transaction without keeping anything (rolled back) and answers this response."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def _fingerprint(request) -> str:
    body = request._request.body
    with contextlib.suppress(ValueError, RecursionError):  # not JSON: compare the raw bytes
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def _claim(scope: str, key: str) -> tuple[bool, IdempotencyRecord | None]:
    """Take the key for this transaction and find its stored answer: (False, None) when another
    request holds the key (PostgreSQL only).

    On PostgreSQL one statement does both, so a write pays one round trip: the record is read in
    the statement's snapshot, taken just before the lock. A duplicate whose statement started while
    the first request was committing therefore does not see the record yet; it runs, meets the
    unique constraint on insert and answers 409 "still being processed" with nothing kept, as if
    it had arrived a moment earlier. SQLite (the single-user embedded mode) serializes writers
    anyway, and the unique constraint remains the last line of defence everywhere.
    """
    if connection.vendor != "postgresql":
        return True, IdempotencyRecord.objects.filter(scope=scope, key=key).first()
    lock_id = int.from_bytes(hashlib.sha256(f"{scope}\n{key}".encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s),"
            " (SELECT id FROM partnercenter_idempotencyrecord WHERE scope = %s AND key = %s)",
            [lock_id, scope, key],
        )
        claimed, record_id = cursor.fetchone()
    if not claimed:
        return False, None
    return True, None if record_id is None else IdempotencyRecord.objects.get(pk=record_id)


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.response_body), status=record.response_status)
    for name, value in record.response_headers.items():
        response[name] = value
    return response


def _render(view, method, request, args, kwargs):
    try:
        response = method(view, request, *args, **kwargs)
    except Exception as exc:  # DRF turns known refusals into responses, re-raises others
        response = view.handle_exception(exc)
    response = view.finalize_response(request, response, *args, **kwargs)
    response.render()
    return response


IN_PROGRESS = (409, 409, "A request with this MS-RequestId is still being processed.", "RequestInProgress")
KEY_REUSED = (409, 409, "This MS-RequestId was already used for a different request.", "IdempotencyKeyReused")


def idempotent(method):
    """Decorator for `post`/`patch` of a PartnerAPIView; requests without MS-RequestId run normally."""

    @wraps(method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get("MS-RequestId", "").strip()
        if not key:
            return method(view, request, *args, **kwargs)
        if len(key) > KEY_LIMIT:
            raise ApiError(400, 800002, f"MS-RequestId is limited to {KEY_LIMIT} characters.", "InvalidRequestId")
        token = request.auth
        scope = f"{token.credential_id}:{token.user_id or 'app'}"
        fingerprint = _fingerprint(request)
        try:
            with transaction.atomic():
                claimed, record = _claim(scope, key)
                if not claimed:
                    raise ApiError(*IN_PROGRESS)
                if record is not None and record.created_at < clock.wall_now() - settings.API_IDEMPOTENCY_RETENTION:
                    record.delete()  # past retention: the key starts afresh, as after the purge
                    record = None
                if record is not None:
                    if record.request_hash != fingerprint:
                        raise ApiError(*KEY_REUSED)
                    return _replay(record)
                response = _render(view, method, request, args, kwargs)
                if response.status_code >= 500:
                    raise _NotStored(response)
                try:  # no savepoint: a conflict leaves this atomic block at once, undoing the effect
                    record = IdempotencyRecord.objects.create(
                        partner_id=token.credential.partner_id,
                        credential_id=token.credential_id,
                        user_id=token.user_id,
                        scope=scope,
                        key=key,
                        request_hash=fingerprint,
                        method=request.method,
                        path=request.path[:500],
                        response_status=response.status_code,
                        response_body=response.content,
                        response_headers={
                            name: value for name, value in response.items() if name.lower() not in SKIPPED_HEADERS
                        },
                    )
                except IntegrityError as exc:  # only without the advisory lock (SQLite): undo the effect
                    raise ApiError(*IN_PROGRESS) from exc
                return _replay(record)
        except _NotStored as outcome:
            return outcome.response

    wrapper.idempotent = True  # the contract test finds keyed writes by this mark
    return wrapper
