"""Environments, and a flag's on/off state and variants in one environment."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.response import Response

from core.api.views import first_or_404, plain, validated
from core.errors import NotFound, ValidationFailed
from flags import selectors, services
from flags.models import Feature, FeatureEnvironment, Strategy
from flags.services import environments as environment_services

from .base import (
    AdminView,
    get_environment,
    get_feature,
    get_feature_and_environment,
    in_project_or_404,
)
from .patching import apply_patch
from .serializers.common import FeatureNamesSerializer, PatchOperationSerializer, VariantSerializer
from .serializers.features import (
    FeatureEnvironmentInfoSerializer,
    FeatureVariantsSerializer,
    PushVariantsSerializer,
)
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


def _activate_disabled(request) -> bool:
    # Unleash's switch: enable the disabled strategies instead of adding a default one.
    return request.query_params.get("shouldActivateDisabledStrategies") == "true"


ACTIVATE_PARAM = OpenApiParameter(
    "shouldActivateDisabledStrategies",
    OpenApiTypes.STR,
    description="true: switching on enables the disabled strategies instead of adding one",
    required=False,
)


class FeatureEnvironmentToggleView(AdminView):
    perms = {"POST": ["flags.toggle_feature"]}
    enabled = True

    @extend_schema(
        tags=FEATURE_TAG,
        request=None,
        parameters=[ACTIVATE_PARAM],
        responses={200: OpenApiResponse(description="Switched")},
        operation_id="toggleFeatureEnvironment",
    )
    def post(self, request, project_id, feature_name, environment):
        # Archived flags too: switching one is Unleash's 400, not a 404.
        feature, env = project_flag(project_id, feature_name), get_environment(environment)
        services.feature_set_enabled(
            feature=feature,
            environment=env,
            enabled=self.enabled,
            actor=self.actor,
            activate_disabled=self.enabled and _activate_disabled(request),
        )
        return Response(status=200)


class BulkToggleView(AdminView):
    """Switch many flags of a project in one environment; one unknown flag fails them all."""

    perms = {"POST": ["flags.toggle_feature"]}
    enabled = True

    @extend_schema(
        tags=FEATURE_TAG,
        request=FeatureNamesSerializer,
        parameters=[ACTIVATE_PARAM],
        responses={200: OpenApiResponse(description="Switched, all of them")},
        operation_id="bulkToggleFeaturesEnvironment",
    )
    def post(self, request, project_id, environment):
        names = validated(FeatureNamesSerializer, request.data)["features"]
        environment_services.features_set_enabled(
            project_id=project_id,
            names=names,
            environment=environment,
            enabled=self.enabled,
            actor=self.actor,
            activate_disabled=_activate_disabled(request),
        )
        return Response(status=200)


class FeatureEnvironmentView(AdminView):
    @extend_schema(
        tags=FEATURE_TAG,
        responses=FeatureEnvironmentInfoSerializer,
        operation_id="getFeatureEnvironment",
    )
    def get(self, request, project_id, feature_name, environment):
        feature = project_flag(project_id, feature_name)  # archived ones too, as in Unleash
        state = (
            FeatureEnvironment.objects.filter(feature=feature, environment_id=environment)
            .select_related("feature")
            .prefetch_related(Prefetch("strategies", queryset=_ordered_strategies()))
            .first()
        )
        if state is None:
            raise NotFound.at("environment", f"Could not find {feature_name} in {environment}")
        return Response(FeatureEnvironmentInfoSerializer(state).data)


def project_flag(project_id: str, name: str) -> Feature:
    """A flag of the project, archived or not; a 404 otherwise."""
    qs = Feature.objects.select_related("project").filter(name=name, project_id=project_id)
    return first_or_404(qs, "featureName", f"no flag {name!r} in project {project_id!r}")


def _ordered_strategies():
    return Strategy.objects.select_related("feature_environment__feature").order_by(
        "sort_order", "created_at"
    )


class VariantsBatchView(AdminView):
    perm_model = "featureenvironment"

    @extend_schema(
        tags=FEATURE_TAG,
        request=PushVariantsSerializer,
        responses=FeatureVariantsSerializer,
        operation_id="overwriteFeatureVariantsOnEnvironments",
    )
    def put(self, request, project_id, feature_name):
        data = validated(PushVariantsSerializer, request.data)
        if not data.get("environments"):  # Unleash checks this before the flag
            raise ValidationFailed.at("environments", "No environments provided")
        feature = get_feature(feature_name, project_id)
        variants = plain(data.get("variants") or [])
        stored = environment_services.feature_set_variants_on_environments(
            feature=feature, environments=data["environments"], variants=variants, actor=self.actor
        )
        return Response({"version": 1, "variants": _in_request_order(stored, variants)})


def _in_request_order(stored: list[dict], sent: list[dict]) -> list[dict]:
    # Unleash stores the balanced list sorted by name but answers it in the order sent.
    position = {variant.get("name"): index for index, variant in enumerate(sent)}
    return sorted(stored, key=lambda variant: position.get(variant["name"], len(sent)))


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


@extend_schema_view(post=extend_schema(operation_id="bulkToggleFeaturesEnvironmentOn"))
class BulkToggleOnView(BulkToggleView):
    enabled = True


@extend_schema_view(post=extend_schema(operation_id="bulkToggleFeaturesEnvironmentOff"))
class BulkToggleOffView(BulkToggleView):
    enabled = False
