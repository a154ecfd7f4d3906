"""Rate limits per API credential and per (partner, customer), as Partner Center documents them,
and a budget of failed attempts for the token endpoint (per client_id and per username).

A fixed one-window counter in the shared cache (Redis in production and tests): one script
increments every key of a request atomically and in one round trip, unlike DRF's read-modify-write
history; another cache backend counts with `add` then `incr`. Throttling protects the service; no
business limit relies on it.
"""

import math
import time
import weakref
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import BaseThrottle

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
# URL keyword names under which API views receive a customer tenant id.
CUSTOMER_KWARGS = ("customer_tenant_id", "customer_id", "tenant_id")


def parse_rate(rate: str) -> tuple[int, int]:
    """'500/min' -> (500, 60)."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower()]


def _window_key(key: str, period: int, now: float) -> tuple[str, int]:
    window = int(now // period)
    return f"throttle:{key}:{window}", window


# Every key's counter incremented, and given its expiry when the window's first request creates it, in one
# round trip: the throttle runs on every API request, where add-then-incr cost three per key.
COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  counts[i] = count
end
return counts
"""


_clients: "weakref.WeakKeyDictionary[RedisCache, object]" = weakref.WeakKeyDictionary()


def _redis_client(backend: RedisCache):
    """A client on the backend's own pool (it has no script API), made once per backend (one per thread):
    the backend's get_client builds a new client object on every call."""
    client = _clients.get(backend)
    if client is None:
        client = _clients[backend] = backend._cache.get_client(write=True)
    return client


def _count(cache_keys: list[str], period: int) -> list[int]:
    """Count one request on each key of the current window; each key's count after it."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        names = [backend.make_and_validate_key(key) for key in cache_keys]
        return [int(count) for count in _redis_client(backend).eval(COUNT_SCRIPT, len(names), *names, period + 1)]
    counts = []
    for cache_key in cache_keys:
        backend.add(cache_key, 0, timeout=period + 1)
        try:
            counts.append(backend.incr(cache_key))
        except ValueError:  # expired between add and incr
            backend.set(cache_key, 1, timeout=period + 1)
            counts.append(1)
    return counts


def _hit(keys: list[str], limit: int, period: int, now: float) -> list[float]:
    """Count one request on every key; the seconds to wait for each key over the limit (none: all within)."""
    window_keys = [_window_key(key, period, now) for key in keys]
    counts = _count([cache_key for cache_key, _window in window_keys], period)
    return [
        max(1, math.ceil((window + 1) * period - now))
        for (_cache_key, window), count in zip(window_keys, counts, strict=True)
        if count > limit
    ]


def _unhit(key: str, period: int, now: float) -> None:
    """Give back one request that `_hit` counted at `now`."""
    cache_key, _window = _window_key(key, period, now)
    with suppress(ValueError):  # the window expired meanwhile: nothing left to give back
        cache.decr(cache_key)


class RateLimited(Exception):
    """Over a limit: retry after `wait` seconds."""

    def __init__(self, wait: float):
        super().__init__(f"Rate limit is exceeded. Try again in {int(wait)} seconds.")
        self.wait = wait


@contextmanager
def failures_limited(keys: list[str], rate: str):
    """Let the block run only while every key has failures left in `rate`; a block that raises is a failure.

    The attempt is counted before the block runs (an atomic increment), so concurrent attempts cannot
    all slip in under the limit the way a read-then-check would let them; a block that returns gives
    its count back, so successes never use the budget. Over the limit, nothing runs and nothing is
    counted: RateLimited says how long to wait.
    """
    limit, period = parse_rate(rate)
    now = time.time()
    waits = _hit(keys, limit, period, now)
    if waits:
        for key in keys:
            _unhit(key, period, now)
        raise RateLimited(max(waits))
    yield
    for key in keys:
        _unhit(key, period, now)


class PartnerCenterThrottle(BaseThrottle):
    """API_THROTTLE_RATE requests per period per credential, and per partner+customer when a customer is named."""

    def allow_request(self, request, view) -> bool:
        self._wait = None
        token = request.auth
        if token is None:
            return True
        limit, period = parse_rate(settings.API_THROTTLE_RATE)
        now = time.time()
        keys = [f"credential:{token.credential_id}"]
        customer = next((view.kwargs[name] for name in CUSTOMER_KWARGS if view.kwargs.get(name)), None)
        if customer is not None:
            keys.append(f"customer:{token.credential.partner_id}:{customer}")
        waits = _hit(keys, limit, period, now)
        if waits:
            self._wait = max(waits)
            return False
        return True

    def wait(self) -> float | None:
        return self._wait
