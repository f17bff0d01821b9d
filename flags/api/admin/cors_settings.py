"""`POST /api/admin/ui-config/cors`: the frontend API's allowed origins (Admin only, as Unleash)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.api.views import body_dict
from core.errors import NotFound
from flags.services.frontend_settings import frontend_origins_set

from .base import AdminView


class SetCorsSerializer(serializers.Serializer):
    frontendApiOrigins = serializers.ListField(
        child=serializers.CharField(), help_text="`*`, or exact origins (scheme://host[:port])"
    )


class CorsView(AdminView):
    perm_model = "frontendsetting"

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code == 403 and isinstance(response.data, dict):
            response.data["permissions"] = ["ADMIN", "UPDATE_CORS"]  # as Unleash names them
        return response

    @extend_schema(
        tags=["Admin UI"],
        request=SetCorsSerializer,
        responses={204: OpenApiResponse(description="Stored")},
        operation_id="setCors",
        summary="Sets allowed CORS origins of the frontend API",
    )
    def post(self, request):
        body = body_dict(request)
        if "frontendApiOrigins" not in body or body["frontendApiOrigins"] is None:
            # Unleash answers a body without origins with a plain 404.
            raise NotFound("The requested resource could not be found")
        frontend_origins_set(origins=body["frontendApiOrigins"], actor=self.actor)
        return Response(status=204)
