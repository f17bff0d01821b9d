"""DRF exception handler: every error in Unleash's shape {id, name, message, details}."""

import contextlib
import logging

import redis
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from core import outage
from core.api.errors import error_body, retry_after
from core.api.throttling import MESSAGE as THROTTLED_MESSAGE
from core.errors import ServiceError, WritesRefused

log = logging.getLogger(__name__)


class Unavailable(exceptions.APIException):
    """503 + Retry-After: no store can answer (SDKs retry it; never a 500). Logged by the caller."""

    status_code = 503
    default_detail = outage.MESSAGE

    def __init__(self, detail: str | None = None, *, wait: float = outage.RETRY_AFTER):
        super().__init__(detail)
        self.wait = wait


@contextlib.contextmanager
def stores_or_503(where: str, message: str):
    """Turn "no store can answer" (database unreachable, Redis failing) into Unavailable(message).

    A database outage is noted once (core.outage); a Redis error that reached here means the
    database fallback failed too, logged as such with `where`.
    """
    try:
        yield
    except outage.OUTAGE_ERRORS as exc:
        outage.note(exc, where)
        raise Unavailable(message) from exc
    except redis.RedisError as exc:
        log.warning("%s: %s (database and cache unreachable)", where, message)
        raise Unavailable(message) from exc


DRF_NAMES = {
    Unavailable: outage.ERROR_NAME,
    exceptions.ParseError: "BadDataError",
    exceptions.ValidationError: "ValidationError",
    exceptions.NotAuthenticated: "AuthenticationRequired",
    exceptions.AuthenticationFailed: "AuthenticationRequired",
    exceptions.PermissionDenied: "NoAccessError",
    exceptions.NotFound: "NotFoundError",
    exceptions.MethodNotAllowed: "MethodNotAllowedError",
    exceptions.NotAcceptable: "NotAcceptableError",
    exceptions.UnsupportedMediaType: "ContentTypeError",
    exceptions.Throttled: "TooManyRequestsError",
}


def flatten_details(detail, path: str = "") -> list[dict]:
    """DRF's nested error dict/list -> [{"path": "constraints[0].operator", "message"}]."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            key = "" if key == "non_field_errors" else str(key)
            sub = f"{path}.{key}" if path and key else (key or path)
            out += flatten_details(value, sub)
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [{"path": path, "message": str(item)} for item in detail]
        out = []
        for index, item in enumerate(detail):
            if item:  # DRF puts {} for list items that were fine
                out += flatten_details(item, f"{path}[{index}]")
        return out
    return [{"path": path, "message": str(detail)}]


def _response(status: int, message: str, *, name=None, details=None, headers=None) -> Response:
    body = error_body(status, message, name=name, details=details)
    return Response(body, status=status, headers=headers)


def _drf_response(exc: exceptions.APIException) -> Response:
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers.update(retry_after(exc.wait))
    name = next((n for cls, n in DRF_NAMES.items() if isinstance(exc, cls)), None)
    if isinstance(exc, exceptions.ValidationError):
        details = flatten_details(exc.detail) or [{"path": "", "message": "invalid input"}]
        first = details[0]
        message = f"{first['path']}: {first['message']}" if first["path"] else first["message"]
        return _response(exc.status_code, message, name=name, details=details, headers=headers)
    if isinstance(exc, exceptions.Throttled):
        return _response(429, THROTTLED_MESSAGE, name=name, headers=headers)
    detail = exc.detail
    message = str(detail) if not isinstance(detail, dict | list) else exc.default_detail
    response = _response(exc.status_code, message, name=name, headers=headers)
    if isinstance(exc, Unavailable):
        response._has_been_logged = True  # the outage is logged once (core.outage), not per hit
    return response


def exception_handler(exc, context):
    """Registered as REST_FRAMEWORK["EXCEPTION_HANDLER"]; None lets DRF re-raise (a real 500)."""
    if isinstance(exc, ServiceError):
        return _response(exc.status, exc.message, name=exc.name, details=exc.details)
    if isinstance(exc, WritesRefused):
        return _response(exc.status, exc.message, headers=retry_after(exc.retry_after))
    if isinstance(exc, DataError):
        # A value PostgreSQL cannot hold (a number out of range, ...) slipped past validation:
        # the request's fault, so a 400; logged, because the check belongs at the edge.
        log.warning("admin API: input the database refused: %s", str(exc).strip()[:200])
        return _response(400, "A value in the request is out of range or cannot be stored.")
    if outage.is_outage(exc):
        outage.note(exc, context["request"].path if context.get("request") else "")
        headers = retry_after(outage.RETRY_AFTER)
        response = _response(503, outage.MESSAGE, name=outage.ERROR_NAME, headers=headers)
        response._has_been_logged = True  # the outage is logged once, not per request
        return response
    if isinstance(exc, RequestDataTooBig):
        return _response(413, "The request body is too large.")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.APIException):
        return _drf_response(exc)
    return None
