"""Playground: a context evaluated against flags with the reason for each answer."""

from rest_framework import serializers

from core.api.fields import StrictBooleanField, StrictCharField, TextDictField
from core.textcheck import text_problem


class PlaygroundContextSerializer(serializers.Serializer):
    appName = StrictCharField(max_length=1000, required=False)
    environment = StrictCharField(max_length=1000, required=False)
    userId = StrictCharField(max_length=1000, required=False)
    sessionId = StrictCharField(max_length=1000, required=False)
    remoteAddress = StrictCharField(max_length=1000, required=False)
    currentTime = StrictCharField(max_length=1000, required=False)
    properties = TextDictField(
        child=StrictCharField(max_length=10_000, allow_blank=True), required=False
    )

    def to_internal_value(self, data):
        # Unleash accepts extra top-level context fields; they become properties.
        value = super().to_internal_value(data)
        extra = {k: v for k, v in data.items() if k not in self.fields and isinstance(v, str)}
        if any(text_problem(k, 255) or text_problem(v) for k, v in extra.items()):
            # The key may be unprintable, so it cannot be the error's path.
            raise serializers.ValidationError(
                "extra context fields must be valid text (no NUL, no lone surrogate)"
            )
        if extra:
            value["properties"] = {**extra, **value.get("properties", {})}
        return value


class PlaygroundRequestSerializer(serializers.Serializer):
    environment = StrictCharField(max_length=100)
    projects = serializers.JSONField(
        required=False, default="*", help_text='"*" for all projects, or a list of project ids'
    )
    context = PlaygroundContextSerializer()

    def validate_projects(self, value):
        return _projects(value)


class AdvancedPlaygroundRequestSerializer(serializers.Serializer):
    environments = serializers.ListField(
        child=StrictCharField(max_length=100), min_length=1, max_length=100
    )
    projects = serializers.JSONField(
        required=False, default="*", help_text='"*" for all projects, or a list of project ids'
    )
    context = PlaygroundContextSerializer()

    def validate_projects(self, value):
        return _projects(value)


def _projects(value):
    if value is None or value == "*":
        return ("*",)
    if isinstance(value, list) and all(text_problem(p, 100) is None for p in value):
        return tuple(value) or ("*",)
    raise serializers.ValidationError('must be "*" or a list of project ids')


class PlaygroundVariantSerializer(serializers.Serializer):
    name = StrictCharField()
    enabled = StrictBooleanField()
    feature_enabled = StrictBooleanField(required=False)
    featureEnabled = StrictBooleanField(required=False)
    payload = serializers.DictField(required=False)


class StrategyResultSerializer(serializers.Serializer):
    evaluationStatus = serializers.ChoiceField(choices=["complete", "incomplete"])
    enabled = serializers.JSONField(help_text='true, false, or "unknown" (not evaluated)')
    variant = PlaygroundVariantSerializer(allow_null=True)
    variants = serializers.ListField(child=serializers.DictField())


class PlaygroundStrategySerializer(serializers.Serializer):
    id = StrictCharField()
    name = StrictCharField()
    title = StrictCharField(allow_null=True)
    disabled = StrictBooleanField()
    parameters = serializers.DictField()
    constraints = serializers.ListField(child=serializers.DictField())
    segments = serializers.ListField(child=serializers.IntegerField())
    links = serializers.DictField(child=StrictCharField())
    result = StrategyResultSerializer()


class PlaygroundStrategiesSerializer(serializers.Serializer):
    result = serializers.JSONField(help_text="true when a strategy is on")
    data = PlaygroundStrategySerializer(many=True)


class PlaygroundFeatureSerializer(serializers.Serializer):
    name = StrictCharField()
    projectId = StrictCharField()
    environment = StrictCharField()
    isEnabled = StrictBooleanField()
    isEnabledInCurrentEnvironment = StrictBooleanField()
    hasUnsatisfiedDependency = StrictBooleanField()
    variant = PlaygroundVariantSerializer()
    variants = serializers.ListField(child=serializers.DictField())
    strategies = PlaygroundStrategiesSerializer()
    reason = StrictCharField()


class PlaygroundResponseSerializer(serializers.Serializer):
    input = serializers.DictField()
    features = PlaygroundFeatureSerializer(many=True)


class AdvancedPlaygroundFeatureSerializer(serializers.Serializer):
    name = StrictCharField()
    projectId = StrictCharField()
    environments = serializers.DictField(child=PlaygroundFeatureSerializer(many=True))


class AdvancedPlaygroundResponseSerializer(serializers.Serializer):
    input = serializers.DictField()
    features = AdvancedPlaygroundFeatureSerializer(many=True)
