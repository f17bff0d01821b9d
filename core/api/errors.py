"""Unleash-shaped JSON error responses, shared by every API module.

Body: {"id", "name", "message", "details": [{"path"?, "message", "description"}]}, as
Unleash's error classes serialise (clients read `message`).
"""

import json
import uuid

from django.http import HttpResponse

from core.errors import WritesRefused

NAMES = {
    400: "BadRequestError",
    401: "AuthenticationRequired",
    403: "NoAccessError",
    404: "NotFoundError",
    409: "NameExistsError",
    413: "ContentTooLargeError",
    429: "TooManyRequestsError",
    503: "MaintenanceModeError",
}


def error_body(status: int, message: str, *, name: str | None = None, details=None) -> dict:
    details = details or [{"message": message}]
    return {
        "id": str(uuid.uuid4()),
        "name": name or NAMES.get(status, "UnknownError"),
        "message": message,
        "details": [{**d, "description": d.get("message", message)} for d in details],
    }


def error_response(
    status: int, message: str, *, name: str | None = None, details=None, headers=None
) -> HttpResponse:
    body = error_body(status, message, name=name, details=details)
    response = HttpResponse(
        json.dumps(body), status=status, content_type="application/json", headers=headers
    )
    return response


def retry_after(seconds: float) -> dict[str, str]:
    """The Retry-After header of every 503: whole seconds, at least one."""
    return {"Retry-After": str(max(1, int(seconds)))}


def unavailable_response(
    message: str, *, retry_after_seconds: float, name: str | None = None
) -> HttpResponse:
    """The one 503 answer: the error body plus Retry-After (writes paused, store down)."""
    return error_response(503, message, name=name, headers=retry_after(retry_after_seconds))


def token_error_response(exc) -> HttpResponse:
    """A refused API token (an error with `status` 401 or 403 and `message`) as its answer."""
    headers = {"WWW-Authenticate": 'Bearer realm="api"'} if exc.status == 401 else None
    return error_response(exc.status, exc.message, headers=headers)


def service_error_response(exc) -> HttpResponse:
    """A core.errors.ServiceError (or a core.errors.WritesRefused) as its status and details."""
    if isinstance(exc, WritesRefused):
        return unavailable_response(exc.message, retry_after_seconds=exc.retry_after)
    return error_response(exc.status, exc.message, name=exc.name, details=exc.details)
