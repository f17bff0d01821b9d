"""Environments, and a flag's on/off state and variants in one environment."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.response import Response

from flags import selectors, services
from flags.models import FeatureEnvironment

from .base import (
    AdminView,
    get_environment,
    get_feature_and_environment,
    in_project_or_404,
    plain,
    validated,
)
from .patching import apply_patch
from .serializers.common import PatchOperationSerializer, VariantSerializer
from .serializers.features import FeatureVariantsSerializer
from .serializers.projects import (
    EnvironmentListItemSerializer,
    EnvironmentSerializer,
    EnvironmentsSerializer,
)

TAG = ["Environments"]
FEATURE_TAG = ["Features"]


class EnvironmentsView(AdminView):
    perm_model = "environment"

    @extend_schema(tags=TAG, responses=EnvironmentsSerializer, operation_id="getAllEnvironments")
    def get(self, request):
        rows = selectors.environments_with_counts()
        environments = EnvironmentListItemSerializer(rows, many=True).data
        return Response({"version": 1, "environments": environments})


class EnvironmentView(AdminView):
    perm_model = "environment"

    @extend_schema(tags=TAG, responses=EnvironmentSerializer, operation_id="getEnvironment")
    def get(self, request, name):
        return Response(EnvironmentSerializer(get_environment(name)).data)


class EnvironmentToggleView(AdminView):
    perm_model = "environment"
    perms = {"POST": ["flags.change_environment"]}
    enabled = True

    @extend_schema(
        tags=TAG,
        request=None,
        responses={204: OpenApiResponse(description="Switched")},
        operation_id="toggleEnvironment",
    )
    def post(self, request, name):
        environment = get_environment(name)
        services.environment_set_enabled(
            environment=environment, enabled=self.enabled, actor=self.actor
        )
        return Response(status=204)


class FeatureEnvironmentToggleView(AdminView):
    perms = {"POST": ["flags.toggle_feature"]}
    enabled = True

    @extend_schema(
        tags=FEATURE_TAG,
        request=None,
        responses={200: OpenApiResponse(description="Switched")},
        operation_id="toggleFeatureEnvironment",
    )
    def post(self, request, project_id, feature_name, environment):
        feature, env = get_feature_and_environment(project_id, feature_name, environment)
        services.feature_set_enabled(
            feature=feature, environment=env, enabled=self.enabled, actor=self.actor
        )
        return Response(status=200)


def _variants_body(feature, environment) -> dict:
    state = FeatureEnvironment.objects.filter(feature=feature, environment=environment).first()
    return {"version": 1, "variants": state.variants if state else []}


class FeatureVariantsView(AdminView):
    perm_model = "featureenvironment"

    @extend_schema(
        tags=FEATURE_TAG,
        responses=FeatureVariantsSerializer,
        operation_id="getEnvironmentFeatureVariants",
    )
    def get(self, request, project_id, feature_name, environment):
        feature, env = get_feature_and_environment(project_id, feature_name, environment)
        in_project_or_404(feature, env)
        return Response(_variants_body(feature, env))

    @extend_schema(
        tags=FEATURE_TAG,
        request=VariantSerializer(many=True),
        responses=FeatureVariantsSerializer,
        operation_id="overwriteEnvironmentFeatureVariants",
    )
    def put(self, request, project_id, feature_name, environment):
        feature, env = get_feature_and_environment(project_id, feature_name, environment)
        return self.replace_variants(feature, env, request.data)

    @extend_schema(
        tags=FEATURE_TAG,
        request=PatchOperationSerializer(many=True),
        responses=FeatureVariantsSerializer,
        operation_id="patchEnvironmentsFeatureVariants",
    )
    def patch(self, request, project_id, feature_name, environment):
        feature, env = get_feature_and_environment(project_id, feature_name, environment)
        current = _variants_body(feature, env)["variants"]
        return self.replace_variants(feature, env, apply_patch(current, request.data))

    def replace_variants(self, feature, env, data) -> Response:
        """Validate ``data`` as the whole variant list, store it, answer the stored list."""
        variants = validated(VariantSerializer, data, many=True)
        services.feature_set_variants(
            feature=feature, environment=env, variants=plain(variants), actor=self.actor
        )
        return Response(_variants_body(feature, env))


@extend_schema_view(post=extend_schema(operation_id="enableEnvironment"))
class EnvironmentOnView(EnvironmentToggleView):
    enabled = True


@extend_schema_view(post=extend_schema(operation_id="disableEnvironment"))
class EnvironmentOffView(EnvironmentToggleView):
    enabled = False


@extend_schema_view(post=extend_schema(operation_id="toggleFeatureEnvironmentOn"))
class FeatureEnvironmentOnView(FeatureEnvironmentToggleView):
    enabled = True


@extend_schema_view(post=extend_schema(operation_id="toggleFeatureEnvironmentOff"))
class FeatureEnvironmentOffView(FeatureEnvironmentToggleView):
    enabled = False
