"""CORS for the frontend API (browser SDKs) on django-cors-headers, as Unleash answers it.

django-cors-headers does the protocol (pre-flight detection, origin matching, credentials,
exposed ``ETag``, ``Vary: Origin``; the ``CORS_*`` settings). The allowed origins are decided
per request by ``flags.frontend_origins.allowed_origins()`` (what an admin set, else
``FRONTEND_API_ORIGINS``) through the library's ``check_request_enabled`` signal. An
allowed origin is reflected (never a literal ``*``, which browsers refuse with credentials).
Three things follow Unleash (Express ``cors``) rather than the library: pre-flights are
``204``; requested headers are reflected (none when none are named; the proxy client's
``customHeaders`` must pass), with ``Vary: Access-Control-Request-Headers``; and every other
path skips the middleware at once (the SDK hot path pays nothing).
"""

from corsheaders.middleware import (
    ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS,
    CorsMiddleware,
)
from corsheaders.signals import check_request_enabled
from django.dispatch import receiver
from django.utils.cache import patch_vary_headers

from flags.frontend_origins import allowed_origins

PATH_PREFIX = "/api/frontend"


def origin_allowed(origin: str) -> bool:
    allowed = allowed_origins()
    return "*" in allowed or origin in allowed


@receiver(check_request_enabled, dispatch_uid="flags.cors.frontend_origin")
def _frontend_origin(sender, request, **kwargs) -> bool:
    origin = request.headers.get("origin")
    return bool(origin) and request.path_info.startswith(PATH_PREFIX) and origin_allowed(origin)


class FrontendCorsMiddleware(CorsMiddleware):
    """django-cors-headers on ``/api/frontend*`` only, with Unleash's pre-flight answer."""

    def __call__(self, request):
        if not request.path_info.startswith(PATH_PREFIX):
            return self.get_response(request)
        return super().__call__(request)

    def check_preflight(self, request):
        response = super().check_preflight(request)
        if response is not None:
            response.status_code = 204
        return response

    def add_response_headers(self, request, response):
        # Unleash's spelling; the library's own lower-case "origin" then finds it present
        patch_vary_headers(response, ("Origin",))
        response = super().add_response_headers(request, response)
        if ACCESS_CONTROL_ALLOW_METHODS in response:  # an allowed pre-flight
            requested = request.headers.get("access-control-request-headers")
            if requested:
                response[ACCESS_CONTROL_ALLOW_HEADERS] = requested
            else:
                del response[ACCESS_CONTROL_ALLOW_HEADERS]
            patch_vary_headers(response, ("Access-Control-Request-Headers",))
        return response
