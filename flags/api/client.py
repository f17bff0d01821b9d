"""Client (backend SDK) API: GET /api/client/features and /features/{name}.

The hot path: plain Django views, token and payload served from per-process caches, so a
cache hit does no ORM query.
"""

import functools
import json
import logging

import redis
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_GET

from core import outage
from core.api import errors
from core.sdk_requests import unavailable
from flags import payload
from flags.api.sdk import principal_or_response
from flags.streaming import hub as streaming_hub
from flags.tokens import BACKEND_TOKENS

log = logging.getLogger(__name__)

# Unleash-Client-Spec from which SDKs understand top-level segments.
TOP_LEVEL_SEGMENTS_SPEC = (4, 2, 0)


@functools.lru_cache(maxsize=128)  # SDKs send a handful of distinct versions
def inline_segments_for(spec_header: str | None) -> bool:
    """True when segments must be inlined (old or no spec); ValueError on an invalid version."""
    if spec_header is None or not spec_header.strip():
        return True
    core = spec_header.strip().split("+", 1)[0].split("-", 1)[0]
    parts = core.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"Unleash-Client-Spec must be a semantic version, got {spec_header!r}")
    return tuple(int(p) for p in parts) < TOP_LEVEL_SEGMENTS_SPEC


EMPTY_QUERY: dict = {"project": [], "namePrefix": "", "tag": []}


def _query(request) -> dict:
    if not request.META.get("QUERY_STRING"):
        return EMPTY_QUERY  # SDKs mostly send none: skip building a QueryDict
    return {
        "project": request.GET.getlist("project"),
        "namePrefix": request.GET.get("namePrefix", ""),
        "tag": request.GET.getlist("tag"),
    }


def _resolve(request, *, inline: bool | None = None):
    """(principal, Payload) for the request, or an error response."""
    principal = principal_or_response(request, BACKEND_TOKENS)
    if isinstance(principal, HttpResponse):
        return None, principal
    try:
        if inline is None:
            inline = inline_segments_for(request.META.get("HTTP_UNLEASH_CLIENT_SPEC"))
        ready = payload.client_payload(
            principal, principal.environment, query=_query(request), inline_segments=inline
        )
    except ValueError as exc:
        return None, errors.error_response(400, str(exc))
    except outage.OUTAGE_ERRORS as exc:
        outage.note(exc, "client API, payload not in cache")
        return None, unavailable("Flag storage is unavailable; retry later.")
    except redis.RedisError:
        log.warning("client API: no features payload available (database and cache unreachable)")
        return None, unavailable("Flag storage is unavailable; retry later.")
    return principal, ready


def _wants_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


@require_GET
def features(request):
    _principal, ready = _resolve(request)
    if isinstance(ready, HttpResponse):
        return ready
    if request.META.get("HTTP_IF_NONE_MATCH") == ready.etag:
        response = HttpResponseNotModified()
        response["ETag"] = ready.etag
        return response
    if _wants_gzip(request):
        response = HttpResponse(ready.gzip, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(ready.body, content_type="application/json")
    response["ETag"] = ready.etag
    response["Vary"] = "Accept-Encoding"
    if settings.UNLEASH_STREAMING_FETCH_MODE_HINT and streaming_hub.accepting():
        response["fetch-mode"] = "streaming"  # a polling Node SDK switches to the stream
    return response


@require_GET
def feature(request, name: str):
    # One flag alone cannot carry top-level segments, so its segments are always inlined.
    _principal, ready = _resolve(request, inline=True)
    if isinstance(ready, HttpResponse):
        return ready
    body = json.loads(ready.body)
    found = next((f for f in body["features"] if f["name"] == name), None)
    if found is None:
        return errors.error_response(404, f"Could not find feature flag {name!r}.")
    return HttpResponse(json.dumps(found, ensure_ascii=False), content_type="application/json")
