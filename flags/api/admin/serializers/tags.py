"""Tag types and the tags of a flag."""

from rest_framework import serializers

from .common import MAX_TEXT, FeatureTagSerializer, StrictCharField


class TagTypeSerializer(serializers.Serializer):
    name = StrictCharField()
    description = StrictCharField(allow_blank=True)
    icon = StrictCharField(allow_blank=True, allow_null=True)


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


class FeatureTagsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    tags = FeatureTagSerializer(many=True)
