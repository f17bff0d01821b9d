"""Shapes shared by many endpoints: errors, constraints, variants, tags, JSON patches."""

from rest_framework import serializers

from flags.validation import MAX_TEXT, OPERATORS
from unleash_site.textcheck import text_problem

__all__ = ["MAX_TEXT"]  # re-exported: the serializers bound free text like the services do


def _refuse_bad_text(field: serializers.Field, data) -> None:
    # DRF refuses NUL, but a lone surrogate would pass (and later break the UTF-8 response).
    problem = text_problem(data) if isinstance(data, str) else None
    if problem:
        raise serializers.ValidationError(problem, code="invalid")


class StrictCharField(serializers.CharField):
    """A string and only a string (DRF would quietly turn 5 into "5"), and valid text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        _refuse_bad_text(self, data)
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    """A choice whose refusal never echoes unprintable input (DRF's message quotes it)."""

    def to_internal_value(self, data):
        _refuse_bad_text(self, data)
        return super().to_internal_value(data)


class TextDictField(serializers.DictField):
    """An object whose keys are valid text: DRF keys its errors by them, unchecked."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            for key in data:
                problem = text_problem(key, 255) if isinstance(key, str) else None
                if problem:
                    raise serializers.ValidationError(f"key {problem}", code="invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """true or false only: DRF would also take "no", "on" and 0."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class ErrorDetailSerializer(serializers.Serializer):
    path = StrictCharField(required=False)
    message = StrictCharField()
    description = StrictCharField(required=False)


class ErrorSerializer(serializers.Serializer):
    id = StrictCharField()
    name = StrictCharField()
    message = StrictCharField()
    details = ErrorDetailSerializer(many=True)


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
