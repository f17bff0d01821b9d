"""The OpenAPI document and its docs page (Redoc from local static files, no CDN)."""

from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView
from rest_framework.permissions import AllowAny


class OpenApiView(SpectacularJSONAPIView):
    # Public, as Unleash's: it describes routes, never data.
    authentication_classes: list = []
    permission_classes = [AllowAny]


class DocsView(SpectacularRedocView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
