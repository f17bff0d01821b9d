"""Context fields with their legal values."""

from rest_framework import serializers

from .common import MAX_TEXT


class LegalValueSerializer(serializers.Serializer):
    value = serializers.CharField(max_length=MAX_TEXT)
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )


class ContextFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    stickiness = serializers.BooleanField()
    sortOrder = serializers.IntegerField(source="sort_order")
    legalValues = LegalValueSerializer(source="legal_values", many=True)
    createdAt = serializers.DateTimeField(source="created_at", allow_null=True)


class ContextFieldInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    stickiness = serializers.BooleanField(required=False)
    sortOrder = serializers.IntegerField(
        source="sort_order", required=False, min_value=-(2**31), max_value=2**31 - 1
    )
    legalValues = LegalValueSerializer(source="legal_values", many=True, required=False)


class ContextNameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=1000)
