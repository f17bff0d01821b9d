"""GET /api/client/delta (delta polling), and /api/client/streaming when not served by ASGI.

Delta polling as Unleash serves it: no `If-None-Match` (or one naming a revision this process
cannot resume from) gets a hydration; a known one gets the changes after it, or 304 when the
token's scope saw none. The ETag is the revision it brings the SDK to.
"""

from django.http import HttpResponse, HttpResponseNotModified
from rest_framework.exceptions import ParseError

from core.api import errors
from core.api.exceptions import stores_or_503
from flags.api.client import FLAGS_UNAVAILABLE, request_query
from flags.api.sdk import SdkView
from flags.streaming import messages
from flags.streaming.engine import ENGINE
from flags.tokens import BACKEND_TOKENS


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
            with stores_or_503("delta API, state not in memory", FLAGS_UNAVAILABLE):
                message = message_for(self.principal, request_query(request), since)
        except ValueError as exc:
            raise ParseError(str(exc)) from exc
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
