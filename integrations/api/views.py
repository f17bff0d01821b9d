"""`/api/admin/addons`: Unleash 8.2's addon routes over our integrations.

Reads need only a signed-in caller (Unleash's NONE); create, update and delete the
integration model permissions (Admin and Editor, as Unleash's CREATE/UPDATE/DELETE_ADDON);
the delivery log is Admin only.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import AdminView, int_id, validated
from core.errors import ValidationFailed
from integrations import providers, selectors, services

from . import serializers as wire

TAGS = ["Addons"]
PAGE = [
    OpenApiParameter("limit", OpenApiTypes.INT, OpenApiParameter.QUERY, description="1-100"),
    OpenApiParameter("offset", OpenApiTypes.INT, OpenApiParameter.QUERY),
]


class IntegrationView(AdminView):
    unleash_permissions = {"POST": "CREATE_ADDON", "PUT": "UPDATE_ADDON", "DELETE": "DELETE_ADDON"}

    def required_permissions(self, method: str) -> list[str]:
        action = {"POST": "add", "PUT": "change", "DELETE": "delete"}.get(method)
        return [f"integrations.{action}_integration"] if action else []

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code == 403 and isinstance(response.data, dict):
            # Unleash names the permission the caller lacked.
            needed = self.unleash_permissions.get(self.request.method, "ADMIN")
            response.data["permissions"] = [needed]
        return response


def _fields(request) -> dict:
    return validated(wire.IntegrationInputSerializer, request.data)


class IntegrationsView(IntegrationView):
    @extend_schema(tags=TAGS, responses=wire.IntegrationsSerializer, operation_id="getAddons")
    def get(self, request):
        addons = [wire.integration_wire(row) for row in selectors.all_integrations()]
        return Response({"addons": addons, "providers": list(providers.DEFINITIONS.values())})

    @extend_schema(
        tags=TAGS,
        request=wire.IntegrationInputSerializer,
        responses={201: wire.IntegrationSerializer},
        operation_id="createAddon",
    )
    def post(self, request):
        fields = _fields(request)
        row = services.integration_create(fields=fields, actor=self.actor)
        return Response(wire.integration_wire(row, sent=fields["parameters"]), status=201)


class IntegrationDetailView(IntegrationView):
    @extend_schema(tags=TAGS, responses=wire.IntegrationSerializer, operation_id="getAddon")
    def get(self, request, integration_id):
        row = selectors.get_integration(int_id(integration_id))
        return Response(wire.integration_wire(row))

    @extend_schema(
        tags=TAGS,
        request=wire.IntegrationInputSerializer,
        responses=wire.IntegrationSerializer,
        operation_id="updateAddon",
    )
    def put(self, request, integration_id):
        pk = selectors.get_integration(int_id(integration_id)).pk  # 404 before validation
        fields = _fields(request)
        row = services.integration_update(integration_id=pk, fields=fields, actor=self.actor)
        return Response(wire.integration_wire(row, sent=fields["parameters"]))

    @extend_schema(
        tags=TAGS,
        responses={200: OpenApiResponse(description="Deleted (empty body)")},
        operation_id="deleteAddon",
    )
    def delete(self, request, integration_id):
        pk = selectors.get_integration(int_id(integration_id)).pk
        services.integration_delete(integration_id=pk, actor=self.actor)
        return Response(status=200)


def _page_number(raw, default: int, low: int, high: int | None) -> int:
    value = int(raw) if isinstance(raw, str) and raw.isascii() and raw.isdigit() else default
    if value < low or (high is not None and value > high):
        return default
    return value


class IntegrationDeliveriesView(IntegrationView):
    def required_permissions(self, method: str) -> list[str]:
        return ["integrations.view_delivery"]

    @extend_schema(
        tags=TAGS,
        parameters=PAGE,
        responses=wire.DeliveriesSerializer,
        operation_id="getIntegrationEvents",
    )
    def get(self, request, integration_id):
        if not (integration_id.isascii() and integration_id.isdigit()) or len(integration_id) > 18:
            raise ValidationFailed.at("id", "Invalid integration configuration id")
        limit = _page_number(request.query_params.get("limit"), 50, 1, 100)
        offset = _page_number(request.query_params.get("offset"), 0, 0, None)
        rows = selectors.deliveries(int(integration_id), limit=limit, offset=offset)
        return Response({"integrationEvents": [wire.delivery_wire(r) for r in rows]})
