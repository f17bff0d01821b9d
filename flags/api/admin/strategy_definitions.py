"""Strategy types (/api/admin/strategies) and flag types (/api/admin/feature-types)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import first_or_404, plain, validated
from flags.models import FeatureTypeDefinition, StrategyDefinition
from flags.services import strategy_definitions as definitions

from .base import AdminView
from .serializers.strategies import (
    FeatureTypeLifetimeSerializer,
    FeatureTypeSerializer,
    FeatureTypesSerializer,
    StrategyDefinitionInputSerializer,
    StrategyDefinitionSerializer,
    StrategyDefinitionsSerializer,
)

TAG = ["Strategies"]
EMPTY = {200: OpenApiResponse(description="Done")}


def get_definition(name: str) -> StrategyDefinition:
    return first_or_404(StrategyDefinition.objects.filter(name=name), "name", "No strategy found")


class StrategyDefinitionsView(AdminView):
    perm_model = "strategydefinition"

    @extend_schema(
        tags=TAG, responses=StrategyDefinitionsSerializer, operation_id="getAllStrategies"
    )
    def get(self, request):
        body = {"version": 1, "strategies": StrategyDefinition.objects.all()}
        return Response(StrategyDefinitionsSerializer(body).data)

    @extend_schema(
        tags=TAG,
        request=StrategyDefinitionInputSerializer,
        responses={201: StrategyDefinitionSerializer},
        operation_id="createStrategy",
    )
    def post(self, request):
        spec = plain(validated(StrategyDefinitionInputSerializer, request.data))
        definition = definitions.definition_create(actor=self.actor, **spec)
        headers = {"Location": f"strategies/{definition.name}"}
        return Response(StrategyDefinitionSerializer(definition).data, status=201, headers=headers)


class StrategyDefinitionView(AdminView):
    perm_model = "strategydefinition"

    @extend_schema(tags=TAG, responses=StrategyDefinitionSerializer, operation_id="getStrategy")
    def get(self, request, name):
        return Response(StrategyDefinitionSerializer(get_definition(name)).data)

    @extend_schema(
        tags=TAG,
        request=StrategyDefinitionInputSerializer,
        responses=EMPTY,
        operation_id="updateStrategy",
    )
    def put(self, request, name):
        spec = plain(validated(StrategyDefinitionInputSerializer, request.data))
        spec.pop("name", None)  # the URL names the type; Unleash ignores the body's name
        definitions.definition_update(name=name, actor=self.actor, **spec)
        return Response(status=200)

    @extend_schema(tags=TAG, responses=EMPTY, operation_id="removeStrategy")
    def delete(self, request, name):
        definitions.definition_delete(name=name, actor=self.actor)
        return Response(status=200)


class DeprecateStrategyView(AdminView):
    perm_model = "strategydefinition"
    perms = {"POST": ["flags.change_strategydefinition"]}
    deprecated = True

    @extend_schema(tags=TAG, request=None, responses=EMPTY, operation_id="deprecateStrategy")
    def post(self, request, name):
        definitions.definition_set_deprecated(
            name=name, deprecated=self.deprecated, actor=self.actor
        )
        return Response(status=200)


class ReactivateStrategyView(DeprecateStrategyView):
    deprecated = False

    @extend_schema(tags=TAG, request=None, responses=EMPTY, operation_id="reactivateStrategy")
    def post(self, request, name):
        return super().post(request, name)


class FeatureTypesView(AdminView):
    perm_model = "featuretypedefinition"

    @extend_schema(
        tags=["Feature Types"], responses=FeatureTypesSerializer, operation_id="getAllFeatureTypes"
    )
    def get(self, request):
        body = {"version": 1, "types": FeatureTypeDefinition.objects.all()}
        return Response(FeatureTypesSerializer(body).data)


class FeatureTypeLifetimeView(AdminView):
    perm_model = "featuretypedefinition"
    perms = {"PUT": ["flags.change_featuretypedefinition"]}

    @extend_schema(
        tags=["Feature Types"],
        request=FeatureTypeLifetimeSerializer,
        responses=FeatureTypeSerializer,
        operation_id="updateFeatureTypeLifetime",
    )
    def put(self, request, name):
        days = validated(FeatureTypeLifetimeSerializer, request.data)["lifetime_days"]
        kind = definitions.feature_type_set_lifetime(
            type_id=name, lifetime_days=days, actor=self.actor
        )
        return Response(FeatureTypeSerializer(kind).data)
