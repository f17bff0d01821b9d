"""Environments as one project sees them, and their listing order (Unleash's routes)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import body_dict
from flags import selectors
from flags.services.environment_order import environment_sort_order

from .base import AdminView
from .serializers.projects import (
    ProjectEnvironmentItemSerializer,
    ProjectEnvironmentsListSerializer,
)

TAG = ["Environments"]
# Unleash's sortOrderSchema: environment name -> its position.
SORT_ORDER_BODY = {
    "type": "object",
    "additionalProperties": {"type": "integer"},
    "example": {"development": 1, "production": 2},
}


class ProjectEnvironmentListView(AdminView):
    perm_model = "environment"

    @extend_schema(
        tags=TAG,
        responses=ProjectEnvironmentsListSerializer,
        operation_id="getProjectEnvironments",
    )
    def get(self, request, project_id):
        # Unleash answers an unknown project with every environment, none visible.
        rows = selectors.project_environments(project_id)
        environments = ProjectEnvironmentItemSerializer(rows, many=True).data
        return Response({"version": 1, "environments": environments})


class EnvironmentSortOrderView(AdminView):
    perm_model = "environment"
    perms = {"PUT": ["flags.change_environment"]}

    @extend_schema(
        tags=TAG,
        request={"application/json": SORT_ORDER_BODY},
        responses={200: OpenApiResponse(description="Sort order set (no body)")},
        operation_id="updateSortOrder",
    )
    def put(self, request):
        environment_sort_order(orders=dict(body_dict(request)), actor=self.actor)
        return Response(status=200)
