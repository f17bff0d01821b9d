"""Dependencies of a child flag on a parent flag."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import validated
from flags import lifecycle_selectors, services

from .base import AdminView, get_feature
from .serializers.features import CreateDependencySerializer

TAG = ["Dependencies"]
NAMES = {"type": "array", "items": {"type": "string"}}


class DependenciesView(AdminView):
    perm_model = "dependency"

    @extend_schema(
        tags=TAG,
        request=CreateDependencySerializer,
        responses={200: OpenApiResponse(description="Added")},
        operation_id="addFeatureDependency",
    )
    def post(self, request, project_id, feature_name):
        child = get_feature(feature_name, project_id)
        data = validated(CreateDependencySerializer, request.data)
        parent = get_feature(data["feature"])
        services.dependency_add(
            child=child,
            parent=parent,
            enabled=data["enabled"],
            variants=list(data.get("variants") or []),
            actor=self.actor,
        )
        return Response(status=200)

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Removed")},
        operation_id="deleteFeatureDependencies",
    )
    def delete(self, request, project_id, feature_name):
        child = get_feature(feature_name, project_id)
        services.dependency_remove(child=child, parent=None, actor=self.actor)
        return Response(status=200)


class DependencyView(AdminView):
    perm_model = "dependency"

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Removed")},
        operation_id="deleteFeatureDependency",
    )
    def delete(self, request, project_id, feature_name, parent):
        child = get_feature(feature_name, project_id)
        services.dependency_remove(child=child, parent=get_feature(parent), actor=self.actor)
        return Response(status=200)


class ParentOptionsView(AdminView):
    perm_model = "dependency"

    @extend_schema(
        tags=TAG,
        responses={200: NAMES},
        operation_id="listParentOptions",
    )
    def get(self, request, project_id, feature_name):
        # As in Unleash, the options follow the flag's own project, not the one in the path.
        return Response(lifecycle_selectors.possible_parents(feature_name))


class ParentVariantOptionsView(AdminView):
    perm_model = "dependency"

    @extend_schema(
        tags=TAG,
        responses={200: NAMES},
        operation_id="listParentVariantOptions",
    )
    def get(self, request, project_id, feature_name):
        return Response(lifecycle_selectors.parent_variants(feature_name))


class DependenciesExistView(AdminView):
    perm_model = "dependency"

    @extend_schema(
        tags=TAG,
        responses={200: {"type": "boolean"}},
        operation_id="checkDependenciesExist",
    )
    def get(self, request, project_id):
        # Unleash answers for the whole instance, whatever the project in the path.
        return Response(lifecycle_selectors.dependencies_exist())
