"""SDK register and metrics endpoints (client and frontend): validate, then buffer.

Plain Django views on the SDK hot path. The environment of every count is the token's, never
the body's. Status codes as Unleash answers them: 202 for the client API, 200 for the frontend
API, 400 naming the field (every kept string passes the shared text rule), 413 for oversized
bodies, 503 with Retry-After when no store can take the data (never a 500), and 429 from the
per-IP rate limits.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.api import errors
from core.errors import ValidationFailed
from core.ratelimit import client_ip, rate_limited
from core.sdk_requests import BodyTooLarge, parse_json, read_body, unavailable
from core.textcheck import text_problem
from flags.api.sdk import principal_or_response
from flags.tokens import BACKEND_TOKENS, FRONTEND_TOKENS
from metrics import buffer, validation

log = logging.getLogger(__name__)


def _handle(request, *, token_types, limit, accept, status: int) -> HttpResponse:
    """Authenticate, read and validate the body, then buffer what ``accept`` returns."""
    principal = principal_or_response(request, token_types)
    if isinstance(principal, HttpResponse):
        return principal
    try:
        body = parse_json(read_body(request, limit))
        counts, registrations, heartbeats = accept(request, principal, body)
    except BodyTooLarge:
        return errors.error_response(413, f"Request body is larger than {limit} bytes.")
    except ValidationFailed as exc:
        return errors.service_error_response(exc)
    try:
        buffer.add(counts, registrations, heartbeats)
    except buffer.BufferUnavailable:
        return unavailable("Metrics storage is unavailable; retry later.")
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


def _endpoint(scope: str, *, token_types, accept, status: int, limit_setting="SDK_MAX_BODY_BYTES"):
    """One SDK POST view: CSRF-exempt, POST only, rate-limited per IP under ``scope``."""

    @csrf_exempt
    @require_POST
    @rate_limited(scope)
    def view(request):
        # Read per request so a changed setting (tests, reloads) takes effect.
        limit = getattr(settings, limit_setting)
        return _handle(request, token_types=token_types, limit=limit, accept=accept, status=status)

    return view


client_register = _endpoint(
    "client_register", token_types=BACKEND_TOKENS, accept=_registration, status=202
)
client_metrics = _endpoint(
    "client_metrics", token_types=BACKEND_TOKENS, accept=_metrics, status=202
)
client_metrics_bulk = _endpoint(
    "client_metrics",
    token_types=BACKEND_TOKENS,
    accept=_bulk,
    status=202,
    limit_setting="SDK_BULK_MAX_BODY_BYTES",
)
frontend_metrics = _endpoint(
    "frontend_metrics", token_types=FRONTEND_TOKENS, accept=_metrics, status=200
)
frontend_register = _endpoint(
    "frontend_register", token_types=FRONTEND_TOKENS, accept=_frontend_registration, status=200
)
