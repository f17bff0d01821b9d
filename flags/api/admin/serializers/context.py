"""Context fields with their legal values."""

from rest_framework import serializers

from core.api.fields import StrictBooleanField, StrictCharField
from core.textcheck import MAX_TEXT


class LegalValueSerializer(serializers.Serializer):
    value = StrictCharField(max_length=MAX_TEXT)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if isinstance(instance, dict) and "description" not in instance:
            data.pop("description", None)  # as stored: Unleash shows none where none was sent
        return data


class ContextFieldSerializer(serializers.Serializer):
    name = StrictCharField()
    description = StrictCharField(allow_blank=True)
    stickiness = StrictBooleanField()
    sortOrder = serializers.IntegerField(source="sort_order")
    legalValues = LegalValueSerializer(source="legal_values", many=True)
    createdAt = serializers.DateTimeField(source="created_at", allow_null=True)


class ContextFieldInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    stickiness = StrictBooleanField(required=False)
    sortOrder = serializers.IntegerField(
        source="sort_order", required=False, min_value=-(2**31), max_value=2**31 - 1
    )
    legalValues = LegalValueSerializer(source="legal_values", many=True, required=False)
    # Unleash lets the global route create a project-scoped field too.
    project = StrictCharField(max_length=100, required=False, allow_null=True)


class ContextNameSerializer(serializers.Serializer):
    name = StrictCharField(max_length=1000)


class ScopedContextFieldSerializer(ContextFieldSerializer):
    """One field as Unleash shows it: `project` only on a project-scoped field."""

    project = StrictCharField(source="project_id", required=False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.project_id is None:
            data.pop("project", None)
        return data


class ListedContextFieldSerializer(ScopedContextFieldSerializer):
    """A field in a list: also how many active flags and projects constrain on it."""

    usedInProjects = serializers.SerializerMethodField()
    usedInFeatures = serializers.SerializerMethodField()

    def _usage(self, field) -> dict:
        return self.context.get("usage", {}).get(field.name, {})

    def get_usedInProjects(self, field) -> int:
        return len(self._usage(field).get("projects", ()))

    def get_usedInFeatures(self, field) -> int:
        return len(self._usage(field).get("features", ()))


class LegalValueInputSerializer(serializers.Serializer):
    value = StrictCharField(max_length=100)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )


class ContextFieldStrategySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    projectId = StrictCharField(source="feature_environment.feature.project_id")
    featureName = StrictCharField(source="feature_environment.feature.name")
    strategyName = StrictCharField(source="name")
    environment = StrictCharField(source="feature_environment.environment_id")


class ContextFieldStrategiesSerializer(serializers.Serializer):
    strategies = ContextFieldStrategySerializer(many=True)
