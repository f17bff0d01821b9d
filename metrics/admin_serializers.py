"""OpenAPI shapes of the metrics admin reads (Unleash's featureUsage, applications, ...)."""

from rest_framework import serializers

from core.api.fields import StrictCharField


class UsageEntrySerializer(serializers.Serializer):
    environment = serializers.CharField()
    timestamp = serializers.DateTimeField()
    yes = serializers.IntegerField()
    no = serializers.IntegerField()


class FeatureUsageSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    maturity = serializers.CharField()
    featureName = serializers.CharField()
    lastHourUsage = UsageEntrySerializer(many=True)
    seenApplications = serializers.ListField(child=serializers.CharField())


class RawMetricSerializer(UsageEntrySerializer):
    featureName = serializers.CharField()
    appName = serializers.CharField()
    variants = serializers.DictField(child=serializers.IntegerField())


class FeatureMetricsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    maturity = serializers.CharField()
    data = RawMetricSerializer(many=True)


class ApplicationUsageSerializer(serializers.Serializer):
    project = serializers.CharField()
    environments = serializers.ListField(child=serializers.CharField())


class ApplicationDetailsMixin(serializers.Serializer):
    appName = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    color = serializers.CharField(allow_blank=True)
    icon = serializers.CharField(allow_blank=True)


class ApplicationItemSerializer(ApplicationDetailsMixin):
    createdAt = serializers.DateTimeField(allow_null=True)
    updatedAt = serializers.DateTimeField(allow_null=True)
    createdBy = serializers.CharField(allow_null=True)
    project = serializers.CharField()
    environment = serializers.CharField()
    strategies = serializers.ListField(child=serializers.CharField())
    usage = ApplicationUsageSerializer(many=True)
    sdkVersion = serializers.CharField(required=False)


class ApplicationsSerializer(serializers.Serializer):
    applications = ApplicationItemSerializer(many=True)
    total = serializers.IntegerField()


class ApplicationStrategySerializer(serializers.Serializer):
    name = serializers.CharField()
    notFound = serializers.BooleanField(required=False)


class InstanceSerializer(serializers.Serializer):
    appName = serializers.CharField()
    instanceId = serializers.CharField()
    environment = serializers.CharField()
    sdkVersion = serializers.CharField(allow_null=True)
    sdkType = serializers.ChoiceField(choices=["backend", "frontend"], allow_null=True)
    clientIp = serializers.CharField(allow_null=True)
    lastSeen = serializers.DateTimeField(allow_null=True)
    createdAt = serializers.DateTimeField(allow_null=True)


class SeenToggleSerializer(serializers.Serializer):
    name = serializers.CharField()
    notFound = serializers.BooleanField(required=False, help_text="No such flag here")
    project = serializers.CharField(required=False)
    type = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    stale = serializers.BooleanField(required=False)
    archived = serializers.BooleanField(required=False)
    lastSeenAt = serializers.DateTimeField(required=False, allow_null=True)


class ApplicationLinksSerializer(serializers.Serializer):
    self = serializers.CharField()


class ApplicationSerializer(ApplicationDetailsMixin):
    createdAt = serializers.DateTimeField(allow_null=True)
    strategies = ApplicationStrategySerializer(many=True)
    instances = InstanceSerializer(many=True)
    seenToggles = SeenToggleSerializer(many=True)
    links = ApplicationLinksSerializer()


class ApplicationWriteSerializer(serializers.Serializer):
    """Unleash's createApplicationSchema: every field optional, text only."""

    appName = StrictCharField(max_length=255, required=False)
    description = StrictCharField(required=False, allow_blank=True, allow_null=True)
    url = StrictCharField(max_length=500, required=False, allow_blank=True, allow_null=True)
    color = StrictCharField(max_length=50, required=False, allow_blank=True, allow_null=True)
    icon = StrictCharField(max_length=500, required=False, allow_blank=True, allow_null=True)


class EnvironmentInstanceSerializer(serializers.Serializer):
    instanceId = serializers.CharField()
    clientIp = serializers.CharField(allow_null=True)
    sdkVersion = serializers.CharField(allow_null=True)
    lastSeen = serializers.DateTimeField(allow_null=True)


class EnvironmentInstancesSerializer(serializers.Serializer):
    instances = EnvironmentInstanceSerializer(many=True)


class ProjectApplicationSdkSerializer(serializers.Serializer):
    name = serializers.CharField()
    versions = serializers.ListField(child=serializers.CharField())


class ProjectApplicationSerializer(serializers.Serializer):
    name = serializers.CharField()
    environments = serializers.ListField(child=serializers.CharField())
    instances = serializers.ListField(child=serializers.CharField())
    sdks = ProjectApplicationSdkSerializer(many=True)


class ProjectApplicationsSerializer(serializers.Serializer):
    applications = ProjectApplicationSerializer(many=True)
    total = serializers.IntegerField()
