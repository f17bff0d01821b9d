"""The config revision as seen by this process, re-read from Redis at most every ~100 ms."""

import time

from django.conf import settings

from flags import cache_reset, revision

# Seconds a process trusts its copy of the revision; a write is visible to SDKs well within 1 s.
DEFAULT_CHECK_INTERVAL = 0.1

_state = {"revision": None, "checked_at": 0.0}


def current() -> int:
    """The config revision, refreshed from Redis (or the database) when the copy is old."""
    interval = getattr(settings, "UNLEASH_REVISION_CHECK_INTERVAL", DEFAULT_CHECK_INTERVAL)
    now = time.monotonic()
    if _state["revision"] is None or now - _state["checked_at"] >= interval:
        _state["revision"] = revision.current_revision()
        _state["checked_at"] = now
    return _state["revision"]


@cache_reset.register
def reset() -> None:
    _state["revision"] = None
    _state["checked_at"] = 0.0
