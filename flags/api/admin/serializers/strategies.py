"""Strategies of a flag in one environment."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import StrictBooleanField, StrictCharField, TextDictField
from core.textcheck import MAX_TEXT

from .common import ConstraintSerializer, StrategyVariantSerializer


class StrategySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = StrictCharField()
    title = StrictCharField(allow_blank=True)
    featureName = StrictCharField(source="feature_environment.feature.name")
    parameters = TextDictField(child=StrictCharField(allow_blank=True))
    constraints = ConstraintSerializer(many=True)
    variants = StrategyVariantSerializer(many=True)
    segments = serializers.SerializerMethodField()
    sortOrder = serializers.IntegerField(source="sort_order")
    disabled = StrictBooleanField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_segments(self, strategy) -> list[int]:
        return sorted(segment.pk for segment in strategy.segments.all())


class StrategyInputSerializer(serializers.Serializer):
    """Body of add (POST) and update (PUT); `name` is required when adding."""

    name = StrictCharField(max_length=255)
    title = StrictCharField(max_length=255, required=False, allow_blank=True, allow_null=True)
    parameters = TextDictField(
        child=StrictCharField(allow_blank=True, max_length=MAX_TEXT), required=False
    )
    constraints = ConstraintSerializer(many=True, required=False)
    variants = StrategyVariantSerializer(many=True, required=False)
    segments = serializers.ListField(child=serializers.IntegerField(), required=False)
    sortOrder = serializers.IntegerField(
        source="sort_order", required=False, min_value=-(2**31), max_value=2**31 - 1
    )
    disabled = StrictBooleanField(required=False)


class SortOrderItemSerializer(serializers.Serializer):
    id = StrictCharField(max_length=100)
    sortOrder = serializers.IntegerField(min_value=-(2**31), max_value=2**31 - 1)


class StrategyParameterSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)
    type = StrictCharField(max_length=255)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    required = StrictBooleanField(required=False)


class StrategyDefinitionSerializer(serializers.Serializer):
    """A strategy type as Unleash's strategySchema shows it."""

    displayName = StrictCharField(source="display_name", allow_null=True)
    name = StrictCharField()
    editable = StrictBooleanField()
    description = StrictCharField(allow_null=True, allow_blank=True)
    parameters = StrategyParameterSerializer(many=True)
    deprecated = StrictBooleanField()
    title = StrictCharField(allow_null=True, allow_blank=True)


class StrategyDefinitionsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    strategies = StrategyDefinitionSerializer(many=True)


class StrategyDefinitionInputSerializer(serializers.Serializer):
    """Create (name required) and update (the URL names it) bodies; `parameters` is required."""

    name = StrictCharField(max_length=100, required=False)
    title = StrictCharField(max_length=255, required=False, allow_blank=True, allow_null=True)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    parameters = StrategyParameterSerializer(many=True)


class FeatureTypeSerializer(serializers.Serializer):
    id = StrictCharField()
    name = StrictCharField()
    description = StrictCharField(allow_blank=True)
    lifetimeDays = serializers.IntegerField(source="lifetime_days", allow_null=True)


class FeatureTypesSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    types = FeatureTypeSerializer(many=True)


class FeatureTypeLifetimeSerializer(serializers.Serializer):
    lifetimeDays = serializers.IntegerField(
        source="lifetime_days", allow_null=True, min_value=0, max_value=2**31 - 1
    )
