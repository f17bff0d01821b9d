"""Projects and environments."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import StrictBooleanField, StrictCharField
from core.textcheck import MAX_TEXT
from flags import stage_selectors


class EnvironmentSerializer(serializers.Serializer):
    name = StrictCharField()
    type = StrictCharField()
    enabled = StrictBooleanField()
    protected = StrictBooleanField()
    sortOrder = serializers.IntegerField(source="sort_order")


class EnvironmentListItemSerializer(EnvironmentSerializer):
    """An environment in the list, with Unleash's counts (change requests are not ours)."""

    requiredApprovals = serializers.IntegerField(allow_null=True, default=None, read_only=True)
    projectCount = serializers.IntegerField(source="project_count")
    apiTokenCount = serializers.IntegerField(source="api_token_count")
    enabledToggleCount = serializers.IntegerField(source="enabled_toggle_count")


class EnvironmentsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    environments = EnvironmentListItemSerializer(many=True)


class ProjectEnvironmentItemSerializer(EnvironmentSerializer):
    """An environment as one project sees it (GET /api/admin/environments/project/{p})."""

    requiredApprovals = serializers.IntegerField(allow_null=True, default=None, read_only=True)
    projectApiTokenCount = serializers.IntegerField(source="project_token_count")
    projectEnabledToggleCount = serializers.IntegerField(source="enabled_toggle_count")
    visible = StrictBooleanField()


class ProjectEnvironmentsListSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    environments = ProjectEnvironmentItemSerializer(many=True)


class ProjectSerializer(serializers.Serializer):
    id = StrictCharField()
    name = StrictCharField()
    description = StrictCharField(allow_blank=True)
    featureCount = serializers.IntegerField(source="feature_count", default=0)
    environments = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at")
    updatedAt = serializers.DateTimeField(source="updated_at")
    # Unleash's list keys: no members, owners or archiving here, so fixed values.
    lastUpdatedAt = serializers.DateTimeField(source="updated_at")
    archivedAt = serializers.DateTimeField(allow_null=True, default=None, read_only=True)
    mode = serializers.CharField(default="open", read_only=True)
    memberCount = serializers.IntegerField(default=0, read_only=True)
    owners = serializers.SerializerMethodField()
    health = serializers.SerializerMethodField()
    technicalDebt = serializers.SerializerMethodField()
    lastReportedFlagUsage = serializers.DateTimeField(
        source="last_reported_flag_usage", allow_null=True, default=None
    )
    onboardingStatus = serializers.SerializerMethodField()

    def to_representation(self, project) -> dict:
        data = super().to_representation(project)
        # Unleash adds "favorite" for a signed-in user only (a token has no favorites).
        user = getattr(self.context.get("request"), "user", None)
        if getattr(user, "pk", None) is not None:
            if "favorite_projects" not in self.context:
                self.context["favorite_projects"] = stage_selectors.favorite_project_ids(user)
            data["favorite"] = project.pk in self.context["favorite_projects"]
        return data

    @extend_schema_field(serializers.ListField(child=StrictCharField()))
    def get_environments(self, project) -> list[str]:
        return [environment.name for environment in project.environments.all()]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_owners(self, project) -> list[dict]:
        return [{"ownerType": "system"}]

    @extend_schema_field(serializers.IntegerField())
    def get_health(self, project) -> int:
        """Percent of active flags not stale (Unleash's health, without potentially-stale)."""
        total = getattr(project, "feature_count", 0) or 0
        stale = getattr(project, "stale_count", 0) or 0
        return 100 if not total else round(100 * (total - stale) / total)

    @extend_schema_field(serializers.IntegerField())
    def get_technicalDebt(self, project) -> int:
        return 100 - self.get_health(project)

    @extend_schema_field(serializers.DictField())
    def get_onboardingStatus(self, project) -> dict:
        started = getattr(project, "feature_count", 0) or getattr(
            project, "last_reported_flag_usage", None
        )
        return {"status": "onboarded" if started else "onboarding-started"}


class ProjectsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    projects = ProjectSerializer(many=True)


class CreateProjectSerializer(serializers.Serializer):
    id = StrictCharField(max_length=100)
    name = StrictCharField(max_length=255)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    environments = serializers.ListField(
        child=StrictCharField(max_length=100), required=False, max_length=1000
    )


class UpdateProjectSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255, required=False)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )


class ProjectEnvironmentSerializer(serializers.Serializer):
    """Unleash's projectEnvironmentSchema (change requests and default strategies are not ours)."""

    environment = StrictCharField(max_length=100)
