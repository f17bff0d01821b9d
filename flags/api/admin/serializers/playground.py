"""Playground: a context evaluated against flags with the reason for each answer."""

from rest_framework import serializers


class PlaygroundContextSerializer(serializers.Serializer):
    appName = serializers.CharField(max_length=1000, required=False)
    environment = serializers.CharField(max_length=1000, required=False)
    userId = serializers.CharField(max_length=1000, required=False)
    sessionId = serializers.CharField(max_length=1000, required=False)
    remoteAddress = serializers.CharField(max_length=1000, required=False)
    currentTime = serializers.CharField(max_length=1000, required=False)
    properties = serializers.DictField(
        child=serializers.CharField(max_length=10_000, allow_blank=True), required=False
    )

    def to_internal_value(self, data):
        # Unleash accepts extra top-level context fields; they become properties.
        value = super().to_internal_value(data)
        extra = {k: v for k, v in data.items() if k not in self.fields and isinstance(v, str)}
        if extra:
            value["properties"] = {**extra, **value.get("properties", {})}
        return value


class PlaygroundRequestSerializer(serializers.Serializer):
    environment = serializers.CharField(max_length=100)
    projects = serializers.JSONField(
        required=False, default="*", help_text='"*" for all projects, or a list of project ids'
    )
    context = PlaygroundContextSerializer()

    def validate_projects(self, value):
        return _projects(value)


class AdvancedPlaygroundRequestSerializer(serializers.Serializer):
    environments = serializers.ListField(
        child=serializers.CharField(max_length=100), min_length=1, max_length=100
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
    if isinstance(value, list) and all(isinstance(p, str) and len(p) <= 100 for p in value):
        return tuple(value) or ("*",)
    raise serializers.ValidationError('must be "*" or a list of project ids')


class PlaygroundVariantSerializer(serializers.Serializer):
    name = serializers.CharField()
    enabled = serializers.BooleanField()
    feature_enabled = serializers.BooleanField(required=False)
    payload = serializers.DictField(required=False)


class PlaygroundFeatureSerializer(serializers.Serializer):
    name = serializers.CharField()
    projectId = serializers.CharField()
    environment = serializers.CharField()
    isEnabled = serializers.BooleanField()
    isEnabledInCurrentEnvironment = serializers.BooleanField()
    hasUnsatisfiedDependency = serializers.BooleanField()
    variant = PlaygroundVariantSerializer()
    reason = serializers.CharField()


class PlaygroundResponseSerializer(serializers.Serializer):
    input = serializers.DictField()
    features = PlaygroundFeatureSerializer(many=True)


class AdvancedPlaygroundFeatureSerializer(serializers.Serializer):
    name = serializers.CharField()
    projectId = serializers.CharField()
    environments = serializers.DictField(child=PlaygroundFeatureSerializer(many=True))


class AdvancedPlaygroundResponseSerializer(serializers.Serializer):
    input = serializers.DictField()
    features = AdvancedPlaygroundFeatureSerializer(many=True)
