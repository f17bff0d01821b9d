"""Shapes shared by many flag endpoints: constraints, variants, tags, JSON patches."""

from rest_framework import serializers

from core.api.fields import StrictBooleanField, StrictCharField, StrictChoiceField
from flags.validation import OPERATORS


class ConstraintSerializer(serializers.Serializer):
    contextName = StrictCharField(max_length=255)
    operator = StrictChoiceField(choices=sorted(OPERATORS))
    values = serializers.ListField(
        child=StrictCharField(allow_blank=True, trim_whitespace=False), required=False
    )
    value = StrictCharField(required=False, allow_blank=True, trim_whitespace=False)
    caseInsensitive = StrictBooleanField(required=False, default=False)
    inverted = StrictBooleanField(required=False, default=False)


class PayloadSerializer(serializers.Serializer):
    type = StrictChoiceField(choices=["json", "csv", "string", "number"])
    value = StrictCharField(allow_blank=True, trim_whitespace=False)


class OverrideSerializer(serializers.Serializer):
    contextName = StrictCharField(max_length=255)
    values = serializers.ListField(child=StrictCharField(allow_blank=True))


class StrategyVariantSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)
    weight = serializers.IntegerField(min_value=0, max_value=1000)
    weightType = StrictChoiceField(choices=["variable", "fix"])
    stickiness = StrictCharField(max_length=255)
    payload = PayloadSerializer(required=False)


class VariantSerializer(StrategyVariantSerializer):
    """A feature (environment) variant: strategy variants plus overrides."""

    weight = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    weightType = StrictChoiceField(choices=["variable", "fix"], required=False)
    stickiness = StrictCharField(max_length=255, required=False)
    overrides = OverrideSerializer(many=True, required=False)


class TagSerializer(serializers.Serializer):
    type = StrictCharField(max_length=255)
    value = StrictCharField(max_length=255)


class FeatureTagSerializer(serializers.Serializer):
    type = StrictCharField(source="type.name")
    value = StrictCharField()


class PatchOperationSerializer(serializers.Serializer):
    """One RFC 6902 operation."""

    op = StrictChoiceField(choices=["add", "remove", "replace", "move", "copy", "test"])
    path = StrictCharField(max_length=1000)
    value = serializers.JSONField(required=False)
    # `from` is a Python keyword; declared through the field map below.


PatchOperationSerializer._declared_fields["from"] = StrictCharField(max_length=1000, required=False)


class FeatureNamesSerializer(serializers.Serializer):
    """A batch of flags (revive, delete)."""

    features = serializers.ListField(child=StrictCharField(max_length=255), max_length=1000)
