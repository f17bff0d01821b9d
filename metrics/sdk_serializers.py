"""Response shapes of the SDK-health reads (unknown flags, outdated SDKs, app overview)."""

from rest_framework import serializers


class UnknownFlagEnvironmentSerializer(serializers.Serializer):
    environment = serializers.CharField()
    seenAt = serializers.DateTimeField()


class UnknownFlagReportSerializer(serializers.Serializer):
    appName = serializers.CharField()
    environments = UnknownFlagEnvironmentSerializer(many=True)


class UnknownFlagSerializer(serializers.Serializer):
    name = serializers.CharField()
    lastSeenAt = serializers.DateTimeField()
    lastEventAt = serializers.DateTimeField(allow_null=True)
    reports = UnknownFlagReportSerializer(many=True)


class UnknownFlagsSerializer(serializers.Serializer):
    unknownFlags = UnknownFlagSerializer(many=True)


class OutdatedSdkSerializer(serializers.Serializer):
    sdkVersion = serializers.CharField()
    applications = serializers.ListField(child=serializers.CharField())


class OutdatedSdksSerializer(serializers.Serializer):
    sdks = OutdatedSdkSerializer(many=True)


class OverviewEnvironmentIssuesSerializer(serializers.Serializer):
    missingFeatures = serializers.ListField(child=serializers.CharField())
    outdatedSdks = serializers.ListField(child=serializers.CharField())


class OverviewEnvironmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    instanceCount = serializers.IntegerField()
    sdks = serializers.ListField(child=serializers.CharField())
    frontendSdks = serializers.ListField(child=serializers.CharField())
    backendSdks = serializers.ListField(child=serializers.CharField())
    lastSeen = serializers.DateTimeField(allow_null=True)
    issues = OverviewEnvironmentIssuesSerializer()


class OverviewIssuesSerializer(serializers.Serializer):
    missingStrategies = serializers.ListField(child=serializers.CharField())


class ApplicationOverviewSerializer(serializers.Serializer):
    projects = serializers.ListField(child=serializers.CharField())
    featureCount = serializers.IntegerField()
    environments = OverviewEnvironmentSerializer(many=True)
    issues = OverviewIssuesSerializer()
