"""Strategies of a flag in one environment: list, add, get, update, patch, delete, order."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import plain, validated
from core.errors import NotFound, ValidationFailed
from flags import services
from flags.models import Strategy

from .base import AdminView, get_feature_and_environment, in_project_or_404
from .patching import apply_patch
from .serializers.common import PatchOperationSerializer
from .serializers.strategies import (
    SortOrderItemSerializer,
    StrategyInputSerializer,
    StrategySerializer,
)

TAG = ["Strategies"]
# What PUT resets when the body leaves a field out: a PUT replaces the whole strategy.
PUT_DEFAULTS = {
    "title": "",
    "parameters": {},
    "constraints": [],
    "variants": [],
    "segments": [],
    "disabled": False,
}


def _strategies(feature, environment):
    return Strategy.objects.filter(
        feature_environment__feature=feature, feature_environment__environment=environment
    ).select_related("feature_environment__feature")


def _strategy(feature, environment, strategy_id: str) -> Strategy:
    try:
        strategy = _strategies(feature, environment).filter(pk=strategy_id).first()
    except (DjangoValidationError, ValueError):
        strategy = None
    if strategy is None:
        raise NotFound.at("strategyId", f"no strategy {strategy_id!r} in this environment")
    return strategy


def _spec(data: dict) -> dict:
    spec = plain(data)
    if spec.get("title") is None:
        spec.pop("title", None)
    return spec


def _body(strategy: Strategy) -> dict:
    return StrategySerializer(
        Strategy.objects.select_related("feature_environment__feature").get(pk=strategy.pk)
    ).data


class StrategiesView(AdminView):
    perm_model = "strategy"

    @extend_schema(
        tags=TAG, responses=StrategySerializer(many=True), operation_id="getFeatureStrategies"
    )
    def get(self, request, project_id, feature_name, environment):
        feature, env = get_feature_and_environment(project_id, feature_name, environment)
        in_project_or_404(feature, env)
        strategies = _strategies(feature, env).prefetch_related("segments")
        return Response(StrategySerializer(strategies, many=True).data)

    @extend_schema(
        tags=TAG,
        request=StrategyInputSerializer,
        responses=StrategySerializer,
        operation_id="addFeatureStrategy",
    )
    def post(self, request, project_id, feature_name, environment):
        feature, env = get_feature_and_environment(project_id, feature_name, environment)
        spec = _spec(validated(StrategyInputSerializer, request.data))
        strategy = services.strategy_add(feature=feature, environment=env, actor=self.actor, **spec)
        return Response(_body(strategy))


class StrategyView(AdminView):
    perm_model = "strategy"

    def strategy(self, project_id, feature_name, environment, strategy_id) -> Strategy:
        """The strategy the URL names: its flag and environment first, each a 404 if missing."""
        feature, env = get_feature_and_environment(project_id, feature_name, environment)
        return _strategy(feature, env, strategy_id)

    @extend_schema(tags=TAG, responses=StrategySerializer, operation_id="getFeatureStrategy")
    def get(self, request, project_id, feature_name, environment, strategy_id):
        strategy = self.strategy(project_id, feature_name, environment, strategy_id)
        return Response(_body(strategy))

    @extend_schema(
        tags=TAG,
        request=StrategyInputSerializer,
        responses=StrategySerializer,
        operation_id="updateFeatureStrategy",
    )
    def put(self, request, project_id, feature_name, environment, strategy_id):
        strategy = self.strategy(project_id, feature_name, environment, strategy_id)
        spec = {**PUT_DEFAULTS, **_spec(validated(StrategyInputSerializer, request.data))}
        strategy = services.strategy_update(strategy=strategy, actor=self.actor, **spec)
        return Response(_body(strategy))

    @extend_schema(
        tags=TAG,
        request=PatchOperationSerializer(many=True),
        responses=StrategySerializer,
        operation_id="patchFeatureStrategy",
    )
    def patch(self, request, project_id, feature_name, environment, strategy_id):
        strategy = self.strategy(project_id, feature_name, environment, strategy_id)
        document = dict(StrategySerializer(strategy).data)
        for key in ("id", "featureName"):
            document.pop(key)
        document["segments"] = list(strategy.segments.values_list("id", flat=True))
        patched = apply_patch(document, request.data)
        spec = _spec(validated(StrategyInputSerializer, patched))
        strategy = services.strategy_update(strategy=strategy, actor=self.actor, **spec)
        return Response(_body(strategy))

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Deleted")},
        operation_id="deleteFeatureStrategy",
    )
    def delete(self, request, project_id, feature_name, environment, strategy_id):
        strategy = self.strategy(project_id, feature_name, environment, strategy_id)
        services.strategy_delete(strategy=strategy, actor=self.actor)
        return Response(status=200)


class StrategySortOrderView(AdminView):
    perm_model = "strategy"
    perms = {"POST": ["flags.change_strategy"]}

    @extend_schema(
        tags=TAG,
        request=SortOrderItemSerializer(many=True),
        responses={200: OpenApiResponse(description="Reordered")},
        operation_id="setStrategySortOrder",
    )
    def post(self, request, project_id, feature_name, environment):
        feature, env = get_feature_and_environment(project_id, feature_name, environment)
        items = validated(SortOrderItemSerializer, request.data, many=True)
        order = {item["id"]: item["sortOrder"] for item in items}
        if len(order) != len(items):
            raise ValidationFailed.at("id", "each strategy may appear only once")
        with transaction.atomic():
            services.strategy_reorder(
                feature=feature, environment=env, order=order, actor=self.actor
            )
        return Response(status=200)
