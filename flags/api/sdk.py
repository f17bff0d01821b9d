"""What every SDK endpoint shares beyond core.sdk_requests: the token check and its answers."""

import logging

import redis

from core import outage
from core.api import errors
from core.sdk_requests import unavailable
from flags.authentication import TokenError, authenticate

log = logging.getLogger(__name__)


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
