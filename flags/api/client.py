"""Client (backend SDK) API: GET /api/client/features and /features/{name}.

The hot path: DRF views on flags.api.sdk.SdkView, token and payload served from per-process
caches, so a cache hit does no ORM query; the answer is the payload's prebuilt bytes.
"""

import functools
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from rest_framework.exceptions import NotFound, ParseError

from core.api.exceptions import stores_or_503
from flags import payload
from flags.api.sdk import SdkView
from flags.streaming import hub as streaming_hub
from flags.tokens import BACKEND_TOKENS

FLAGS_UNAVAILABLE = "Flag storage is unavailable; retry later."
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


def request_query(request) -> dict:
    """The features filters of the query string (project, namePrefix, tag), for every SDK read."""
    if not request.META.get("QUERY_STRING"):
        return EMPTY_QUERY  # SDKs mostly send none: skip building a QueryDict
    return {
        "project": request.GET.getlist("project"),
        "namePrefix": request.GET.get("namePrefix", ""),
        "tag": request.GET.getlist("tag"),
    }


def client_payload(request, principal, *, inline: bool | None = None):
    """The features payload for the token and request filters; DRF errors when unavailable."""
    try:
        if inline is None:
            inline = inline_segments_for(request.META.get("HTTP_UNLEASH_CLIENT_SPEC"))
        with stores_or_503("client API, payload not in cache", FLAGS_UNAVAILABLE):
            return payload.client_payload(
                principal,
                principal.environment,
                query=request_query(request),
                inline_segments=inline,
            )
    except ValueError as exc:
        raise ParseError(str(exc)) from exc


class FeaturesView(SdkView):
    """GET /api/client/features: every flag the token sees, ETag'd and optionally gzipped."""

    token_types = BACKEND_TOKENS

    def get(self, request):
        ready = client_payload(request, self.principal)
        meta = request.META
        if meta.get("HTTP_IF_NONE_MATCH") == ready.etag:
            response = HttpResponseNotModified()
            response["ETag"] = ready.etag
            return response
        if "gzip" in meta.get("HTTP_ACCEPT_ENCODING", ""):
            response = HttpResponse(ready.gzip, content_type="application/json")
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(ready.body, content_type="application/json")
        response["ETag"] = ready.etag
        response["Vary"] = "Accept-Encoding"
        if settings.UNLEASH_STREAMING_FETCH_MODE_HINT and streaming_hub.accepting():
            response["fetch-mode"] = "streaming"  # a polling Node SDK switches to the stream
        return response


class FeatureView(SdkView):
    """GET /api/client/features/{name}: one flag, its segments inlined."""

    token_types = BACKEND_TOKENS

    def get(self, request, name: str):
        # One flag alone cannot carry top-level segments, so its segments are always inlined.
        ready = client_payload(request, self.principal, inline=True)
        body = json.loads(ready.body)
        found = next((f for f in body["features"] if f["name"] == name), None)
        if found is None:
            raise NotFound(f"Could not find feature flag {name!r}.")
        return HttpResponse(json.dumps(found, ensure_ascii=False), content_type="application/json")


features = FeaturesView.as_view()
feature = FeatureView.as_view()
