"""Context fields with their legal values."""

from rest_framework import serializers

from .common import MAX_TEXT, StrictBooleanField, StrictCharField


class LegalValueSerializer(serializers.Serializer):
    value = StrictCharField(max_length=MAX_TEXT)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )


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


class ContextNameSerializer(serializers.Serializer):
    name = StrictCharField(max_length=1000)
