"""The base of every SDK endpoint: a DRF view with the project's token authentication and throttle.

The same authentication class (flags.authentication.ApiTokenAuthentication, here for the
view's `token_types`) and throttle class (core.api.throttling.IpRateThrottle, the view's
`throttle_scope`) as the admin API, and the same exception handler, so an SDK error has the
admin API's shape. What DRF's dispatch does beyond that costs on the hot path and gives SDK
traffic nothing, so `initial` keeps only the throttle and the token check: no content
negotiation or parsers (answers are JSON or prebuilt bytes; bodies are read under
core.sdk_requests' limits), no versioning, no permission classes (a valid SDK token is the
whole permission; maintenance never refuses SDK traffic), one authenticator per token kind,
and a plain answer leaves dispatch as the view made it (DRF finalises only its own Responses,
the errors, with the `Allow` header computed once per class). Views answer with plain
HttpResponses of precomputed bytes; DRF renders only errors.
"""

from __future__ import annotations

import functools

from django.http import HttpRequest
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from core.api.throttling import IpRateThrottle
from flags.authentication import ApiTokenAuthentication, TokenPrincipal

JSON_RENDERER = JSONRenderer()


@functools.cache
def _authenticator(token_types: frozenset[str]) -> ApiTokenAuthentication:
    return ApiTokenAuthentication(token_types, required=True)  # stateless: one per kind


class SdkView(APIView):
    """An SDK endpoint: `token_types` may call it, `throttle_scope` (if any) limits each IP."""

    token_types: frozenset[str] = frozenset()
    throttle_scope: str | None = None
    throttle_classes = (IpRateThrottle,)
    permission_classes = ()
    renderer_classes = (JSONRenderer,)
    # Prebuilt bytes, no serializer to read: flags.api.admin.sdk_docs describes these routes.
    schema = None
    format_kwarg = None  # no format suffixes on SDK routes
    _allow_header: dict[type, str] = {}

    def get_authenticators(self):
        return [_authenticator(self.token_types)]

    @property
    def principal(self) -> TokenPrincipal:
        return self.request.auth

    @property
    def default_response_headers(self) -> dict[str, str]:
        cls = type(self)
        allow = SdkView._allow_header.get(cls)
        if allow is None:
            allow = SdkView._allow_header[cls] = ", ".join(self.allowed_methods)
        return {"Allow": allow}

    def initialize_request(self, request, *args, **kwargs):
        # No parsers or negotiator: SDK views read their bodies with core.sdk_requests' limits.
        return Request(request, authenticators=self.get_authenticators())

    def perform_content_negotiation(self, request, force=False):
        return JSON_RENDERER, JSON_RENDERER.media_type

    def initial(self, request, *args, **kwargs):
        # No negotiation here: finalize_response asks perform_content_negotiation only when
        # DRF renders a Response (an error). Per IP before the token: a flood of made-up
        # tokens is refused before any lookup.
        if self.throttle_scope:  # the only throttle counts scoped views only
            self.check_throttles(request)
        self.perform_authentication(request)

    def perform_authentication(self, request):
        # One authenticator that never passes: DRF's loop and its error wrapping add nothing.
        authenticator = request._authenticator = self.get_authenticators()[0]
        request.user, request.auth = authenticator.authenticate(request)

    def dispatch(self, request, *args, **kwargs):
        """APIView.dispatch, minus the response headers and finalising plain answers need not."""
        self.args, self.kwargs = args, kwargs
        request = self.request = self.initialize_request(request, *args, **kwargs)
        self.headers = {}
        try:
            self.initial(request, *args, **kwargs)
            method = request.method.lower()
            handler = getattr(self, method, None) if method in self.http_method_names else None
            response = (handler or self.http_method_not_allowed)(request, *args, **kwargs)
        except Exception as exc:
            response = self.handle_exception(exc)
        if not isinstance(response, Response):
            return response  # prebuilt bytes: nothing of DRF's to add
        self.headers = self.default_response_headers  # Allow, on errors (405 needs it)
        self.response = self.finalize_response(request, response, *args, **kwargs)
        return self.response


def authenticate_token(django_request: HttpRequest, token_types) -> TokenPrincipal:
    """The token's principal outside a view (the ASGI stream); DRF's exceptions on refusal."""
    return Request(django_request, authenticators=[_authenticator(frozenset(token_types))]).auth


def exception_response(exc: Exception, django_request: HttpRequest):
    """The project's error response for `exc` (as a view would answer), rendered."""
    if isinstance(exc, exceptions.AuthenticationFailed | exceptions.NotAuthenticated):
        exc.auth_header = ApiTokenAuthentication().authenticate_header(django_request)
    response = api_settings.EXCEPTION_HANDLER(exc, {"request": django_request})
    if response is None:
        raise exc
    response.accepted_renderer = JSON_RENDERER
    response.accepted_media_type = JSON_RENDERER.media_type
    response.renderer_context = {}
    return response.render()
