"""The audit log, with Unleash's derived keys (user id sentinel, group, label, summary)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import StrictCharField

# Unleash's ids for writes no user row made: an admin token, and the system itself.
ADMIN_TOKEN_USER_ID = -42
SYSTEM_USER_ID = -1337
# Event type -> Unleash's label; other types are labelled from their own words.
LABELS = {
    "feature-created": "Flag created",
    "feature-updated": "Flag updated",
    "feature-archived": "Flag archived",
    "feature-revived": "Flag revived",
    "feature-deleted": "Flag deleted",
    "feature-environment-enabled": "Flag enabled",
    "feature-environment-disabled": "Flag disabled",
    "feature-strategy-add": "Flag strategy added",
    "feature-strategy-update": "Flag strategy updated",
    "feature-strategy-remove": "Flag strategy removed",
    "feature-stale-on": "Flag marked stale",
    "feature-stale-off": "Flag unmarked stale",
}
# Verbs of the generic summary, by the last word of the event type.
VERBS = {
    "created": "created",
    "add": "added",
    "updated": "updated",
    "update": "updated",
    "deleted": "deleted",
    "remove": "removed",
    "archived": "archived",
    "revived": "revived",
    "enabled": "enabled",
    "disabled": "disabled",
}


def user_id_of(event) -> int:
    """The acting user's id; Unleash's sentinels when a token or the system wrote it."""
    if event.created_by_user_id is not None:
        return event.created_by_user_id
    return ADMIN_TOKEN_USER_ID if event.created_by.startswith("token:") else SYSTEM_USER_ID


def label_of(event_type: str) -> str:
    if event_type in LABELS:
        return LABELS[event_type]
    words = event_type.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def summary_of(event) -> str:
    """A markdown sentence in the style of Unleash's event summaries."""
    verb = VERBS.get(event.type.rsplit("-", 1)[-1], event.type)
    named = event.data.get("name") if isinstance(event.data, dict) else None
    subject = event.feature_name or (named if isinstance(named, str) else "")
    text = f"**{event.created_by}** {verb}"
    text += f" **{subject}**" if subject else f" ({event.type})"
    if event.environment:
        text += f" for the **{event.environment}** environment"
    if event.project:
        text += f" in project **{event.project}**"
    return text


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = StrictCharField()
    createdAt = serializers.DateTimeField(source="created_at")
    createdBy = StrictCharField(source="created_by")
    createdByUserId = serializers.SerializerMethodField()
    environment = StrictCharField(allow_blank=True, allow_null=True)
    project = StrictCharField(allow_blank=True, allow_null=True)
    featureName = StrictCharField(source="feature_name", allow_blank=True, allow_null=True)
    data = serializers.JSONField(allow_null=True)
    preData = serializers.JSONField(source="pre_data", allow_null=True)
    tags = serializers.JSONField()
    ip = StrictCharField(allow_null=True)
    # Unleash groups the events of one transaction; each of ours is its own write.
    groupType = serializers.SerializerMethodField()
    groupId = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField())
    def get_createdByUserId(self, event) -> int:
        return user_id_of(event)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_groupType(self, event) -> str | None:
        return "transaction"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_groupId(self, event) -> str | None:
        return str(event.id)


class SearchedEventSerializer(EventSerializer):
    """Event search adds a human label and a markdown summary."""

    label = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_label(self, event) -> str:
        return label_of(event.type)

    @extend_schema_field(serializers.CharField())
    def get_summary(self, event) -> str:
        return summary_of(event)


class EventsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    events = EventSerializer(many=True)
    totalEvents = serializers.IntegerField()


class FlagEventsSerializer(EventsSerializer):
    toggleName = StrictCharField()


class EventSearchResultSerializer(serializers.Serializer):
    events = SearchedEventSerializer(many=True)
    total = serializers.IntegerField()
