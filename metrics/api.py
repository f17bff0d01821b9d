"""SDK register and metrics endpoints (client and frontend): validate, then buffer.

DRF views on flags.api.sdk.SdkView (the SDK hot path). The environment of every count is the
token's, never the body's. Status codes as Unleash answers them: 202 for the client API, 200
for the frontend API, 400 naming the field (every kept string passes the shared text rule),
413 for oversized bodies, 503 with Retry-After when no store can take the data (never a 500),
and 429 from the per-IP rate limits.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from core.api import errors
from core.api.exceptions import Unavailable
from core.errors import ValidationFailed
from core.ratelimit import client_ip
from core.sdk_requests import BodyTooLarge, parse_json, read_body
from core.textcheck import text_problem
from flags.api.sdk import SdkView
from flags.tokens import BACKEND_TOKENS, FRONTEND_TOKENS
from metrics import buffer, validation

log = logging.getLogger(__name__)


def _handle(request, principal, *, limit, accept, status: int) -> HttpResponse:
    """Read and validate the body, then buffer what ``accept`` returns."""
    try:
        body = parse_json(read_body(request, limit))
        counts, registrations, heartbeats = accept(request, principal, body)
    except BodyTooLarge:
        return errors.error_response(413, f"Request body is larger than {limit} bytes.")
    except ValidationFailed as exc:
        return errors.service_error_response(exc)
    try:
        buffer.add(counts, registrations, heartbeats)
    except buffer.BufferUnavailable as exc:
        raise Unavailable("Metrics storage is unavailable; retry later.") from exc
    return HttpResponse(status=status)


def _environment(principal) -> str:
    return principal.environment or "default"


def _sdk_version(request, body: dict) -> str | None:
    """The body's sdkVersion (validated already), else the ``Unleash-SDK`` header's."""
    value = body.get("sdkVersion") if isinstance(body, dict) else None
    if isinstance(value, str):
        return value
    header = _header_text(request.META.get("HTTP_UNLEASH_SDK"), "Unleash-SDK header")
    return header[: validation.MAX_NAME] if header else None


def _header_text(value: str | None, name: str) -> str | None:
    """A header value we keep, refused (400) when it holds text the database cannot."""
    problem = text_problem(value) if value is not None else None
    if problem:
        raise ValidationFailed.at(name, problem)
    return value


def _instance(record: dict, principal, request, body) -> dict:
    record = {**record, "environment": _environment(principal)}
    record["seenAt"] = timezone.now().isoformat()
    # Unleash shows each instance's address: the caller's, unless a bulk record carries its own.
    if not isinstance(record.get("clientIp"), str):
        # Behind a trusted proxy this comes from X-Forwarded-For, which the caller writes.
        record["clientIp"] = _header_text(client_ip(request), "X-Forwarded-For header")
    sdk = _sdk_version(request, body)
    if sdk:
        record["sdkVersion"] = sdk
    return record


def _metrics(request, principal, body):
    report = validation.metrics_report(body)
    environment = _environment(principal)
    hour = buffer.hour_of(report.start)
    counts = buffer.count_entries(environment, report.app_name, hour, report.toggles)
    beat = {"appName": report.app_name, "instanceId": report.instance_id, **report.info}
    return counts, [], [_instance(beat, principal, request, body)]


def _registration(request, principal, body):
    record = validation.registration(body)
    return {}, [_instance(record, principal, request, body)], []


def _frontend_registration(request, principal, body):
    record = validation.registration(body, strict=False)
    return {}, [_instance(record, principal, request, body)], []


def _bulk(request, principal, body):
    applications, metrics = validation.bulk_metrics(body)
    environment = _environment(principal)
    counts: dict[str, int] = {}
    for metric in metrics:
        # A token serves one environment: counts claimed for another one are not its to report.
        if metric.environment != environment:
            continue
        hour = buffer.hour_of(metric.timestamp)
        entries = buffer.count_entries(
            environment, metric.app_name, hour, {metric.feature: metric.counts}
        )
        for key, amount in entries.items():
            counts[key] = counts.get(key, 0) + amount
    registrations = [_instance(app, principal, request, {}) for app in applications]
    return counts, registrations, []


class SdkPostView(SdkView):
    """One SDK POST endpoint: tokens, per-IP scope, body limit, what it buffers, its status."""

    accept = None  # (request, principal, body) -> (counts, registrations, heartbeats)
    status = 202
    limit_setting = "SDK_MAX_BODY_BYTES"

    def post(self, request):
        # Read per request so a changed setting (tests, reloads) takes effect.
        limit = getattr(settings, self.limit_setting)
        return _handle(request, self.principal, limit=limit, accept=self.accept, status=self.status)


client_register = SdkPostView.as_view(
    token_types=BACKEND_TOKENS, throttle_scope="client_register", accept=_registration
)
client_metrics = SdkPostView.as_view(
    token_types=BACKEND_TOKENS, throttle_scope="client_metrics", accept=_metrics
)
client_metrics_bulk = SdkPostView.as_view(
    token_types=BACKEND_TOKENS,
    throttle_scope="client_metrics",
    accept=_bulk,
    limit_setting="SDK_BULK_MAX_BODY_BYTES",
)
frontend_metrics = SdkPostView.as_view(
    token_types=FRONTEND_TOKENS, throttle_scope="frontend_metrics", accept=_metrics, status=200
)
frontend_register = SdkPostView.as_view(
    token_types=FRONTEND_TOKENS,
    throttle_scope="frontend_register",
    accept=_frontend_registration,
    status=200,
)
