"""ASGI handler of GET /api/client/streaming: `unleash-connected`, then `unleash-updated` events.

The first event carries a hydration, or (with a `Last-Event-ID` this process can resume from)
only what the client missed. Token checks and renders run in worker threads (Django's ORM
and caches are synchronous); the event loop only waits and writes. Maintenance never refuses
a stream: it is SDK traffic.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from django.conf import settings
from django.http import HttpRequest, QueryDict
from rest_framework.exceptions import APIException, ParseError

from core import outage
from core.api import errors
from core.api.exceptions import Unavailable
from core.revision import Revision
from flags.api.client import FLAGS_UNAVAILABLE, request_query
from flags.api.sdk import authenticate_token, exception_response
from flags.authentication import secret_from_header
from flags.streaming import hub as hub_mod
from flags.streaming import messages
from flags.streaming.engine import ENGINE
from flags.streaming.hub import HEARTBEAT, Stream, frame
from flags.tokens import BACKEND_TOKENS, hash_secret

log = logging.getLogger(__name__)

SSE_HEADERS = [
    (b"content-type", b"text/event-stream"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),  # proxies (nginx) must not hold events back
]


async def application(scope, receive, send) -> None:
    if scope["method"] not in ("GET", "HEAD"):
        await _send_response(send, errors.error_response(405, "Only GET is allowed here."))
        return
    headers = {k.decode("latin1").lower(): v.decode("latin1") for k, v in scope["headers"]}
    hub = hub_mod.hub()
    if hub.stopping:  # this process is going away: the SDK polls (and is told to come back)
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
        await send({"type": "http.response.body", "body": hub_mod.FETCH_MODE_POLLING})
        return
    if not hub.accepting():
        hub_mod.STREAMS_ENDED.labels("refused").inc()
        response = errors.error_response(
            429,
            "Too many streaming connections; poll instead.",
            headers=errors.retry_after(outage.RETRY_AFTER),
        )
        await _send_response(send, response)
        return
    since = Revision.parse(headers.get("last-event-id", "")) if "last-event-id" in headers else None
    query_string = scope.get("query_string", b"").decode("latin1")
    opened = await asyncio.to_thread(_open, headers.get("authorization"), query_string, since)
    if not isinstance(opened, tuple):
        await _send_response(send, opened)
        return
    stream_scope, message, digest = opened
    limit = settings.UNLEASH_STREAMING_BUFFER_BYTES
    stream = Stream(stream_scope, message.revision, limit, token=digest)
    stream.push(frame("unleash-connected", message.revision, message.body))
    stream.task = asyncio.current_task()
    await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
    hub.add(stream)
    try:
        await _serve(stream, receive, send)
    except asyncio.CancelledError:
        if not stream.closed:
            raise  # the server is stopping, not a drop
    finally:
        hub.remove(stream)


def _open(authorization, query_string: str, since):
    """(scope, first Message, token digest) or the error response; runs in a worker thread."""
    request = HttpRequest()
    request.META["QUERY_STRING"] = query_string
    request.GET = QueryDict(query_string)  # the filters as /api/client/features reads them
    if authorization is not None:
        request.META["HTTP_AUTHORIZATION"] = authorization
    try:
        principal = authenticate_token(request, BACKEND_TOKENS)
        query = request_query(request)
        stream_scope = messages.scope_for(principal, principal.environment, query)
    except APIException as exc:
        return exception_response(exc, request)
    except ValueError as exc:
        return exception_response(ParseError(str(exc)), request)
    try:
        message = ENGINE.render(stream_scope, since, fresh="database")
    except Exception:
        log.warning("streaming: could not read the flags for a new stream", exc_info=True)
        return exception_response(Unavailable(FLAGS_UNAVAILABLE), request)
    return stream_scope, message, hash_secret(secret_from_header(authorization))


async def _serve(stream: Stream, receive, send) -> None:
    """Write queued frames (a heartbeat when idle) until the client or the hub ends it."""
    disconnected = asyncio.ensure_future(_until_disconnect(receive))
    heartbeat = settings.UNLEASH_STREAMING_HEARTBEAT
    try:
        while not stream.closed and not disconnected.done():
            data = stream.pop()
            if data is None and stream.ending:
                break  # the hand-off frame is written: end the response
            if data is None:
                stream.wake.clear()
                waiter = asyncio.ensure_future(stream.wake.wait())
                done, _ = await asyncio.wait(
                    {waiter, disconnected}, timeout=heartbeat, return_when=asyncio.FIRST_COMPLETED
                )
                waiter.cancel()
                if not done:
                    await send({"type": "http.response.body", "body": HEARTBEAT, "more_body": True})
                continue
            await send({"type": "http.response.body", "body": data, "more_body": True})
        with contextlib.suppress(Exception):
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    except (OSError, RuntimeError):
        pass  # the client went away mid-write
    finally:
        disconnected.cancel()


async def _until_disconnect(receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


async def _send_response(send, response) -> None:
    headers = [(k.lower().encode("latin1"), v.encode("latin1")) for k, v in response.items()]
    await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": response.content})
