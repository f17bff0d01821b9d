"""The one throttle policy of every API door: per-IP limits of the view's `throttle_scope`.

A DRF throttle class (REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"], and each SDK view's), so
DRF checks it and raises `Throttled`; core.api.exceptions answers 429 in Unleash's words
(`MESSAGE`) with Retry-After, the rest of the window.
The counting is core.ratelimit's shared fixed window rather than DRF's SimpleRateThrottle:
that one keeps a list of every request's timestamp in the cache (6,000 entries read, pickled
and written back per request at the default SDK limit) and its read-modify-write is not
atomic across processes; bench/throttle_cost.py measures both.
"""

from __future__ import annotations

from rest_framework.throttling import BaseThrottle

from core import ratelimit

MESSAGE = "Too many requests, please try again later."  # Unleash's (express-rate-limit) words


class IpRateThrottle(BaseThrottle):
    """Counts the caller's IP (core.ratelimit.client_ip) against RATE_LIMITS[view.throttle_scope].

    Views without a scope, and scopes whose limit is 0, are never throttled.
    """

    def __init__(self):
        self.retry_after: int | None = None

    def allow_request(self, request, view) -> bool:
        scope = getattr(view, "throttle_scope", None)
        if not scope:
            return True
        self.retry_after = ratelimit.hit(scope, ratelimit.client_ip(request))
        return self.retry_after is None

    def wait(self) -> int | None:
        return self.retry_after
