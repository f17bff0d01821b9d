"""Frontend API (browser/mobile SDKs): GET and POST /api/frontend, evaluated server-side.

Only enabled toggles are listed, each with a variant; the ETag hashes the body bytes (the proxy
client sends If-None-Match even after its context changed, so a revision-based ETag would be
wrong). DRF views on flags.api.sdk.SdkView: this is an SDK hot path.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse

from core.api import errors
from core.api.exceptions import stores_or_503
from core.errors import ValidationFailed
from core.ratelimit import client_ip
from core.sdk_requests import BodyTooLarge, parse_json, read_body
from flags import frontend_context
from flags.api.client import FLAGS_UNAVAILABLE
from flags.api.sdk import SdkView
from flags.payload import compiled_state
from flags.tokens import FRONTEND_TOKENS


def toggles_body(evaluations) -> bytes:
    """The ``{"toggles": [...]}`` bytes for the enabled evaluations."""
    toggles = [
        {
            "name": e.name,
            "enabled": True,
            "variant": e.variant,
            "impressionData": bool(e.impression_data),
        }
        for e in evaluations
        if e.enabled
    ]
    return json.dumps({"toggles": toggles}, ensure_ascii=False, separators=(",", ":")).encode()


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _context_parts(request) -> dict:
    if request.method == "POST":
        raw = read_body(request, settings.SDK_MAX_BODY_BYTES)
        # parse_json also refuses JSON nested past textcheck.MAX_JSON_DEPTH.
        return frontend_context.from_body(parse_json(raw) if raw.strip() else {})
    return frontend_context.from_query(request.GET)


def _evaluate(request, principal) -> HttpResponse:
    try:
        parts = _context_parts(request)
        context = frontend_context.build_context(
            parts["raw"], parts["properties"], client_ip(request)
        )
    except BodyTooLarge:
        return errors.error_response(413, "Request body is too large.")
    except ValidationFailed as exc:
        return errors.service_error_response(exc)
    with stores_or_503("frontend API, flag state not in cache", FLAGS_UNAVAILABLE):
        state = compiled_state(principal.environment, principal.projects)
    body = toggles_body(state.evaluate_all(context))
    etag = etag_for(body)
    if request.META.get("HTTP_IF_NONE_MATCH") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


class FrontendView(SdkView):
    """GET/POST /api/frontend: the enabled flags for a context, evaluated here."""

    token_types = FRONTEND_TOKENS
    throttle_scope = "frontend"

    def get(self, request):
        return _evaluate(request, self.principal)

    post = get


class NotImplementedView(SdkView):
    """Routes Unleash's frontend API declares but answers with 501 (any method)."""

    token_types = FRONTEND_TOKENS

    def get(self, request):
        return errors.error_response(
            501, "The frontend API does not support this endpoint.", name="NotImplementedError"
        )

    post = put = patch = delete = get


frontend = FrontendView.as_view()
not_implemented = NotImplementedView.as_view()
