"""Tag types, tags, and the tags of a flag or of several flags of a project."""

from rest_framework import serializers

from core.api.fields import StrictCharField
from core.textcheck import MAX_TEXT

from .common import TagSerializer


class TagTypeSerializer(serializers.Serializer):
    name = StrictCharField()
    description = StrictCharField(allow_blank=True)
    icon = StrictCharField(allow_blank=True, allow_null=True)
    color = StrictCharField(allow_blank=True, allow_null=True)


class TagTypesSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    tagTypes = TagTypeSerializer(many=True)


class TagTypeInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    icon = StrictCharField(max_length=100, required=False, allow_blank=True, allow_null=True)


class TagTypeUpdateSerializer(serializers.Serializer):
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    icon = StrictCharField(max_length=100, required=False, allow_blank=True, allow_null=True)


class TagTypeNameSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)


class TagTypeValidSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    tagType = TagTypeNameSerializer()


class FeatureTagColorSerializer(serializers.Serializer):
    type = StrictCharField()
    value = StrictCharField()
    color = StrictCharField(allow_null=True)


class FeatureTagsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    tags = FeatureTagColorSerializer(many=True)


class TagWithVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    tag = TagSerializer()


class TagsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    tags = TagSerializer(many=True)


class TagsUpdateSerializer(serializers.Serializer):
    """Unleash's updateTagsSchema: tags to add and tags to remove, both required."""

    addedTags = TagSerializer(many=True)
    removedTags = TagSerializer(many=True)


class ProjectTagsSerializer(serializers.Serializer):
    """Unleash's tagsBulkAddSchema: flags of the project and the tag change for each."""

    features = serializers.ListField(child=StrictCharField(max_length=255), max_length=1000)
    tags = TagsUpdateSerializer()
