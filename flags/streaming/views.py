"""GET /api/client/delta (delta polling), and /api/client/streaming when not served by ASGI.

Delta polling as Unleash serves it: no `If-None-Match` (or one naming a revision this process
cannot resume from) gets a hydration; a known one gets the changes after it, or 304 when the
token's scope saw none. The ETag is the revision it brings the SDK to.
"""

import logging

import redis
from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_GET

from core import outage
from core.api import errors
from core.sdk_requests import unavailable
from flags.api.client import _query
from flags.api.sdk import principal_or_response
from flags.streaming import messages
from flags.streaming.engine import ENGINE
from flags.tokens import BACKEND_TOKENS

log = logging.getLogger(__name__)


def message_for(principal, query: dict, since):
    """The Message for a token (and request filters) resuming from `since`."""
    scope = messages.scope_for(principal, principal.environment, query)
    return ENGINE.render(scope, since)


@require_GET
def delta(request):
    principal = principal_or_response(request, BACKEND_TOKENS)
    if isinstance(principal, HttpResponse):
        return principal
    since = messages.parse_etag(request.META.get("HTTP_IF_NONE_MATCH"))
    try:
        message = message_for(principal, _query(request), since)
    except ValueError as exc:
        return errors.error_response(400, str(exc))
    except outage.OUTAGE_ERRORS as exc:
        outage.note(exc, "delta API, state not in memory")
        return unavailable("Flag storage is unavailable; retry later.")
    except redis.RedisError:
        return unavailable("Flag storage is unavailable; retry later.")
    if message.empty:
        return HttpResponseNotModified()
    response = HttpResponse(message.body, content_type="application/json")
    response["ETag"] = messages.etag(message.revision)
    return response


@require_GET
def streaming(request):
    """Only under WSGI (Django's test client, runserver): streams need the ASGI entry point."""
    principal = principal_or_response(request, BACKEND_TOKENS)
    if isinstance(principal, HttpResponse):
        return principal
    response = errors.error_response(
        501,
        "Streaming needs the ASGI entry point (manage.py serve); poll /api/client/features.",
        name="NotImplementedError",
    )
    return response
