"""The database is unreachable: recognise it, log it once per outage, answer 503.

An outage makes every request fail the same way; a traceback per request buries the one line
an on-call engineer needs. So the first failure logs a warning and sets a per-process flag,
later failures stay silent, and the first new connection afterwards (Django's
``connection_created`` signal) logs that the database is back and clears the flag. A failure
that lasts without any reconnect attempt succeeding is recalled every REMIND_AFTER seconds.
DataError and IntegrityError are input problems, not outages, and are never caught here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader

from core import cache_reset

log = logging.getLogger(__name__)

# psycopg's "connection refused/closed/terminated" arrive as one of these two.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER = 30  # seconds
MESSAGE = "The database is unreachable; retry later."
ERROR_NAME = "ServiceUnavailableError"

# A failure that needs no reconnect (a statement timeout) never fires connection_created, so
# a long "outage" is recalled this often instead of staying silent for good.
REMIND_AFTER = 300.0

_lock = threading.Lock()
_state: dict = {"down_since": None, "logged_at": 0.0, "failures": 0}


def is_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, OUTAGE_ERRORS)


def note(exc: BaseException, where: str = "", *, now: Callable[[], float] = time.monotonic) -> None:
    """Record a failed database call; logs the first one of an outage (then every 5 min).

    `now` is the monotonic clock the reminder interval is measured with.
    """
    now = now()
    with _lock:
        first = _state["down_since"] is None
        if first:
            _state.update(down_since=now, logged_at=now, failures=0)
        _state["failures"] += 1
        remind = not first and now - _state["logged_at"] >= REMIND_AFTER
        if remind:
            _state["logged_at"] = now
        failures, since = _state["failures"], _state["down_since"]
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if first:
        log.warning(
            "database unreachable%s: %s: %s (answering 503 until it is back)",
            f" ({where})" if where else "",
            type(exc).__name__,
            text,
        )
    elif remind:
        log.warning(
            "database still unreachable: %d failed requests in %.0f s; last: %s",
            failures,
            now - since,
            text,
        )


@receiver(connection_created)
def _connected(sender, connection, **kwargs) -> None:
    """A new connection succeeded: an outage this process noticed is over."""
    with _lock:
        since, _state["down_since"] = _state["down_since"], None
    if since is not None:
        log.warning("database reachable again after %.0f s", time.monotonic() - since)


def json_503(message: str = MESSAGE) -> HttpResponse:
    from core.api.errors import unavailable_response

    return unavailable_response(message, retry_after_seconds=RETRY_AFTER, name=ERROR_NAME)


def page_503() -> HttpResponse:
    """A plain page: rendered without context processors, which would query the database."""
    from core.api.errors import retry_after

    html = loader.get_template("503.html").render({"message": MESSAGE})
    return HttpResponse(html, status=503, headers=retry_after(RETRY_AFTER))


def response_for(request, exc: BaseException) -> HttpResponse:
    """The 503 for an outage, JSON under /api, marked as logged so Django adds no traceback."""
    note(exc, request.path)
    response = json_503() if is_api(request.path) else page_503()
    response._has_been_logged = True
    return response


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def json_body(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


@cache_reset.register
def reset() -> None:
    """Forget a noticed outage (tests)."""
    with _lock:
        _state.update(down_since=None, logged_at=0.0, failures=0)
