"""Flags: bodies of the feature, archive, clone, stale and validate endpoints."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import StrictBooleanField, StrictCharField, StrictChoiceField
from core.textcheck import MAX_TEXT
from flags.models import FeatureType

from .common import FeatureTagSerializer, VariantSerializer
from .read_keys import (
    CollaboratorsSerializer,
    EnvironmentUsageMixin,
    FeatureReadKeysMixin,
    event_actor_ref,
)
from .strategies import StrategySerializer


class FeatureEnvironmentSerializer(EnvironmentUsageMixin):
    name = StrictCharField(source="environment_id")
    environment = StrictCharField(source="environment_id")
    type = StrictCharField(source="environment.type")
    enabled = StrictBooleanField()
    sortOrder = serializers.IntegerField(source="environment.sort_order")
    strategies = StrategySerializer(many=True)
    variants = VariantSerializer(many=True)
    lastSeenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)


class DependencySerializer(serializers.Serializer):
    feature = StrictCharField(source="parent.name")
    enabled = StrictBooleanField()
    variants = serializers.ListField(child=StrictCharField())


class FeatureSerializer(FeatureReadKeysMixin):
    name = StrictCharField()
    type = StrictCharField()
    description = StrictCharField(allow_blank=True)
    project = StrictCharField(source="project_id")
    stale = StrictBooleanField()
    impressionData = StrictBooleanField(source="impression_data")
    archived = StrictBooleanField()
    archivedAt = serializers.DateTimeField(source="archived_at", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    lastSeenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)
    environments = FeatureEnvironmentSerializer(source="env_states", many=True)
    tags = FeatureTagSerializer(many=True)
    dependencies = DependencySerializer(many=True)
    children = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=StrictCharField()))
    def get_children(self, feature) -> list[str]:
        return sorted(d.child.name for d in feature.dependents.all())


class FeatureDetailSerializer(FeatureSerializer):
    """One flag: also who wrote to it (Unleash's collaborators)."""

    collaborators = serializers.SerializerMethodField()

    @extend_schema_field(CollaboratorsSerializer())
    def get_collaborators(self, feature) -> dict:
        from flags.selectors import flag_collaborators  # noqa: PLC0415  (serializers stay light)

        authors, users = flag_collaborators(feature.name)
        refs = [event_actor_ref(uid, by, users) for uid, by in authors]
        unique = list({ref["id"]: ref for ref in refs}.values())
        return {"users": unique}


class FeaturesSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    features = FeatureSerializer(many=True)


class CreateFeatureSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255, trim_whitespace=False)
    type = StrictChoiceField(choices=FeatureType.values, required=False)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    impressionData = StrictBooleanField(source="impression_data", required=False)


class UpdateFeatureSerializer(serializers.Serializer):
    type = StrictChoiceField(choices=FeatureType.values, required=False)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    stale = StrictBooleanField(required=False)
    impressionData = StrictBooleanField(source="impression_data", required=False)
    archived = StrictBooleanField(required=False)


class CloneFeatureSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255, trim_whitespace=False)
    replaceGroupId = StrictBooleanField(required=False, default=True)


class StaleSerializer(serializers.Serializer):
    features = serializers.ListField(child=StrictCharField(max_length=255), max_length=1000)
    stale = StrictBooleanField()


class ValidateFeatureSerializer(serializers.Serializer):
    name = StrictCharField(max_length=1000, trim_whitespace=False)


class FeatureVariantsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    variants = VariantSerializer(many=True)


class CreateDependencySerializer(serializers.Serializer):
    feature = StrictCharField(max_length=255)
    enabled = StrictBooleanField(required=False, default=True)
    variants = serializers.ListField(
        child=StrictCharField(max_length=255), required=False, max_length=1000
    )


class ValidateArchiveSerializer(serializers.Serializer):
    """What archiving a batch would break: Unleash's validateArchiveFeaturesSchema."""

    parentsWithChildFeatures = serializers.ListField(child=StrictCharField())
    hasDeletedDependencies = StrictBooleanField()


class EnvironmentStrategySerializer(StrategySerializer):
    """A strategy as the feature-environment read shows it (Unleash leaves segments out)."""

    segments = None


class FeatureEnvironmentInfoSerializer(serializers.Serializer):
    """Unleash's featureEnvironmentSchema: one flag in one environment."""

    name = StrictCharField(source="feature.name")
    environment = StrictCharField(source="environment_id")
    enabled = StrictBooleanField()
    strategies = EnvironmentStrategySerializer(many=True)


class PushVariantsSerializer(serializers.Serializer):
    """Body of variants-batch: the same variants for several environments."""

    environments = serializers.ListField(
        child=StrictCharField(max_length=100), required=False, max_length=1000
    )
    variants = VariantSerializer(many=True, required=False)
