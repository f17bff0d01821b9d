"""GET /api/client/delta (delta polling), and /api/client/streaming when not served by ASGI.

Delta polling as Unleash serves it: no `If-None-Match` (or one naming a revision this process
cannot resume from) gets a hydration; a known one gets the changes after it, or 304 when the
token's scope saw none. The ETag is the revision it brings the SDK to.
"""

import logging

import redis
from django.http import HttpResponse, HttpResponseNotModified
from rest_framework.exceptions import ParseError

from core import outage
from core.api import errors
from core.api.exceptions import Unavailable
from flags.api.client import request_query
from flags.api.sdk import SdkView
from flags.streaming import messages
from flags.streaming.engine import ENGINE
from flags.tokens import BACKEND_TOKENS

log = logging.getLogger(__name__)


def message_for(principal, query: dict, since):
    """The Message for a token (and request filters) resuming from `since`."""
    scope = messages.scope_for(principal, principal.environment, query)
    return ENGINE.render(scope, since)


class DeltaView(SdkView):
    """GET /api/client/delta: the changes since the SDK's ETag, a hydration, or 304."""

    token_types = BACKEND_TOKENS

    def get(self, request):
        since = messages.parse_etag(request.META.get("HTTP_IF_NONE_MATCH"))
        try:
            message = message_for(self.principal, request_query(request), since)
        except ValueError as exc:
            raise ParseError(str(exc)) from exc
        except outage.OUTAGE_ERRORS as exc:
            outage.note(exc, "delta API, state not in memory")
            raise Unavailable("Flag storage is unavailable; retry later.") from exc
        except redis.RedisError as exc:
            raise Unavailable("Flag storage is unavailable; retry later.") from exc
        if message.empty:
            return HttpResponseNotModified()
        response = HttpResponse(message.body, content_type="application/json")
        response["ETag"] = messages.etag(message.revision)
        return response


class StreamingView(SdkView):
    """Only under WSGI (Django's test client, runserver): streams need the ASGI entry point."""

    token_types = BACKEND_TOKENS

    def get(self, request):
        return errors.error_response(
            501,
            "Streaming needs the ASGI entry point (manage.py serve); poll /api/client/features.",
            name="NotImplementedError",
        )


delta = DeltaView.as_view()
streaming = StreamingView.as_view()
