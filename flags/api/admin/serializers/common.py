"""Shapes shared by many endpoints: errors, constraints, variants, tags, JSON patches."""

from rest_framework import serializers

from flags.validation import OPERATORS

MAX_TEXT = 100_000  # generous bound on free text; the database column is unbounded


class ErrorDetailSerializer(serializers.Serializer):
    path = serializers.CharField(required=False)
    message = serializers.CharField()
    description = serializers.CharField(required=False)


class ErrorSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    message = serializers.CharField()
    details = ErrorDetailSerializer(many=True)


class ConstraintSerializer(serializers.Serializer):
    contextName = serializers.CharField(max_length=255)
    operator = serializers.ChoiceField(choices=sorted(OPERATORS))
    values = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False), required=False
    )
    value = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    caseInsensitive = serializers.BooleanField(required=False, default=False)
    inverted = serializers.BooleanField(required=False, default=False)


class PayloadSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["json", "csv", "string", "number"])
    value = serializers.CharField(allow_blank=True, trim_whitespace=False)


class OverrideSerializer(serializers.Serializer):
    contextName = serializers.CharField(max_length=255)
    values = serializers.ListField(child=serializers.CharField(allow_blank=True))


class StrategyVariantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    weight = serializers.IntegerField(min_value=0, max_value=1000)
    weightType = serializers.ChoiceField(choices=["variable", "fix"])
    stickiness = serializers.CharField(max_length=255)
    payload = PayloadSerializer(required=False)


class VariantSerializer(StrategyVariantSerializer):
    """A feature (environment) variant: strategy variants plus overrides."""

    weight = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    weightType = serializers.ChoiceField(choices=["variable", "fix"], required=False)
    stickiness = serializers.CharField(max_length=255, required=False)
    overrides = OverrideSerializer(many=True, required=False)


class TagSerializer(serializers.Serializer):
    type = serializers.CharField(max_length=255)
    value = serializers.CharField(max_length=255)


class FeatureTagSerializer(serializers.Serializer):
    type = serializers.CharField(source="type.name")
    value = serializers.CharField()


class PatchOperationSerializer(serializers.Serializer):
    """One RFC 6902 operation."""

    op = serializers.ChoiceField(choices=["add", "remove", "replace", "move", "copy", "test"])
    path = serializers.CharField(max_length=1000)
    value = serializers.JSONField(required=False)
    # `from` is a Python keyword; declared through the field map below.


PatchOperationSerializer._declared_fields["from"] = serializers.CharField(
    max_length=1000, required=False
)


class FeatureNamesSerializer(serializers.Serializer):
    """A batch of flags (revive, delete)."""

    features = serializers.ListField(child=serializers.CharField(max_length=255), max_length=1000)
