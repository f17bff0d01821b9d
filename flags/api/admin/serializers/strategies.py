"""Strategies of a flag in one environment."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .common import MAX_TEXT, ConstraintSerializer, StrategyVariantSerializer


class StrategySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    featureName = serializers.CharField(source="feature_environment.feature.name")
    parameters = serializers.DictField(child=serializers.CharField(allow_blank=True))
    constraints = ConstraintSerializer(many=True)
    variants = StrategyVariantSerializer(many=True)
    segments = serializers.SerializerMethodField()
    sortOrder = serializers.IntegerField(source="sort_order")
    disabled = serializers.BooleanField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_segments(self, strategy) -> list[int]:
        return sorted(segment.pk for segment in strategy.segments.all())


class StrategyInputSerializer(serializers.Serializer):
    """Body of add (POST) and update (PUT); `name` is required when adding."""

    name = serializers.CharField(max_length=255)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, allow_null=True)
    parameters = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=MAX_TEXT), required=False
    )
    constraints = ConstraintSerializer(many=True, required=False)
    variants = StrategyVariantSerializer(many=True, required=False)
    segments = serializers.ListField(child=serializers.IntegerField(), required=False)
    sortOrder = serializers.IntegerField(
        source="sort_order", required=False, min_value=-(2**31), max_value=2**31 - 1
    )
    disabled = serializers.BooleanField(required=False)


class SortOrderItemSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=100)
    sortOrder = serializers.IntegerField(min_value=-(2**31), max_value=2**31 - 1)
