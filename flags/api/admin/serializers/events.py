"""The audit log."""

from rest_framework import serializers


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    createdAt = serializers.DateTimeField(source="created_at")
    createdBy = serializers.CharField(source="created_by")
    createdByUserId = serializers.IntegerField(source="created_by_user_id", allow_null=True)
    environment = serializers.CharField(allow_blank=True, allow_null=True)
    project = serializers.CharField(allow_blank=True, allow_null=True)
    featureName = serializers.CharField(source="feature_name", allow_blank=True, allow_null=True)
    data = serializers.JSONField(allow_null=True)
    preData = serializers.JSONField(source="pre_data", allow_null=True)
    tags = serializers.JSONField()
    ip = serializers.CharField(allow_null=True)


class EventsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    events = EventSerializer(many=True)
    totalEvents = serializers.IntegerField()


class EventSearchResultSerializer(serializers.Serializer):
    events = EventSerializer(many=True)
    total = serializers.IntegerField()
