"""Tag types and the tags of a flag."""

from rest_framework import serializers

from .common import MAX_TEXT, FeatureTagSerializer


class TagTypeSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    icon = serializers.CharField(allow_blank=True, allow_null=True)


class TagTypesSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    tagTypes = TagTypeSerializer(many=True)


class TagTypeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    icon = serializers.CharField(max_length=100, required=False, allow_blank=True, allow_null=True)


class TagTypeUpdateSerializer(serializers.Serializer):
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    icon = serializers.CharField(max_length=100, required=False, allow_blank=True, allow_null=True)


class FeatureTagsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    tags = FeatureTagSerializer(many=True)
