"""What every SDK endpoint shares: the token check, body and query limits, "unavailable"."""

import logging

import redis
from django.http import HttpResponse

from flags.api import errors
from flags.authentication import TokenError, authenticate
from unleash_site import outage

log = logging.getLogger(__name__)

RETRY_AFTER = outage.RETRY_AFTER


class BodyTooLarge(Exception):
    pass


def read_body(request, limit: int) -> bytes:
    """The raw body, refusing more than ``limit`` bytes (also when no Content-Length is sent)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise BodyTooLarge
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise BodyTooLarge
    return raw


def unavailable(message: str) -> HttpResponse:
    """503 with Retry-After: no store can answer, which SDKs retry (never a 500)."""
    response = errors.error_response(
        503, message, name="ServiceUnavailableError", headers={"Retry-After": RETRY_AFTER}
    )
    response._has_been_logged = True  # the outage is logged once (unleash_site.outage)
    return response


def principal_or_response(request, allowed_types):
    """The token's principal, or the 401/403/503 answer to send instead."""
    try:
        # META, not request.headers: building HttpHeaders on every hit is measurable here.
        return authenticate(request.META.get("HTTP_AUTHORIZATION"), allowed_types=allowed_types)
    except TokenError as exc:
        return errors.token_error_response(exc)
    except outage.OUTAGE_ERRORS as exc:
        outage.note(exc, "SDK token check, not in cache")
        return unavailable("Token storage is unavailable; retry later.")
    except redis.RedisError:
        log.warning("SDK API: token check impossible (database and cache unreachable)")
        return unavailable("Token storage is unavailable; retry later.")
