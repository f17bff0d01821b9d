"""Unleash-shaped JSON error responses, shared by every API module.

Body: {"id", "name", "message", "details": [{"path"?, "message", "description"}]}, as
Unleash's error classes serialise (clients read `message`).
"""

import json
import uuid

from django.http import HttpResponse

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


def token_error_response(exc) -> HttpResponse:
    """A refused API token (an error with `status` 401 or 403 and `message`) as its answer."""
    headers = {"WWW-Authenticate": 'Bearer realm="api"'} if exc.status == 401 else None
    return error_response(exc.status, exc.message, headers=headers)


def service_error_response(exc) -> HttpResponse:
    """A core.errors.ServiceError (or a core.errors.WritesRefused) as its status and details."""
    details = getattr(exc, "details", None)
    headers = {"Retry-After": "60"} if exc.status == 503 else None
    return error_response(
        exc.status, exc.message, name=getattr(exc, "name", None), details=details, headers=headers
    )
