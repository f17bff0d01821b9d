"""Keys Unleash's flag reads carry that are derived, not stored: who, lifecycle, usage counts."""

import hashlib

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from flags import stage_selectors

from .events import ADMIN_TOKEN_USER_ID, SYSTEM_USER_ID

SYSTEM_NAME = "Unleash System"
TOKEN_NAME = "Unleash Admin Token User"


def avatar(seed: str) -> str:
    digest = hashlib.sha256(seed.strip().lower().encode()).hexdigest()
    return f"https://gravatar.com/avatar/{digest}?s=42&d=retro&r=g"


def user_ref(user) -> dict:
    """{id, name, imageUrl} of a user row; Unleash's system user when there is none."""
    if user is None:
        return {"id": SYSTEM_USER_ID, "name": SYSTEM_NAME, "imageUrl": avatar(SYSTEM_NAME)}
    name = user.get_full_name() or user.get_username()
    return {"id": user.pk, "name": name, "imageUrl": avatar(user.email or user.get_username())}


def event_actor_ref(user_id, created_by: str, users: dict) -> dict:
    """The {id, name, imageUrl} of an event's author (a user row, a token or the system)."""
    if user_id is not None and user_id in users:
        return user_ref(users[user_id])
    if created_by.startswith("token:"):
        return {"id": ADMIN_TOKEN_USER_ID, "name": TOKEN_NAME, "imageUrl": avatar(TOKEN_NAME)}
    return user_ref(None)


def lifecycle(feature) -> dict:
    """The flag's current stage: the one it entered last (stored history; none yet: initial)."""
    return stage_selectors.current_stage(feature)


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    imageUrl = serializers.CharField()


class LifecycleSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=["initial", "pre-live", "live", "completed", "archived"]
    )
    enteredStageAt = serializers.DateTimeField()
    # Only on "completed" (kept or discarded); absent otherwise, as in Unleash.
    status = serializers.CharField(required=False)


class LinkReadSerializer(serializers.Serializer):
    id = serializers.CharField()
    url = serializers.CharField()
    title = serializers.CharField(allow_null=True)
    feature = serializers.CharField()


class CollaboratorsSerializer(serializers.Serializer):
    users = UserRefSerializer(many=True)


class EnvironmentUsageMixin(serializers.Serializer):
    """Per-environment keys of Unleash's flag lists: last hour's counts, strategy facts."""

    yes = serializers.IntegerField(source="metric_yes", default=0)
    no = serializers.IntegerField(source="metric_no", default=0)
    variantCount = serializers.SerializerMethodField()
    hasStrategies = serializers.SerializerMethodField()
    hasEnabledStrategies = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField())
    def get_variantCount(self, state) -> int:
        return len(state.variants or [])

    @extend_schema_field(serializers.BooleanField())
    def get_hasStrategies(self, state) -> bool:
        if hasattr(state, "has_strategies"):
            return state.has_strategies
        return bool(state.strategies.all())

    @extend_schema_field(serializers.BooleanField())
    def get_hasEnabledStrategies(self, state) -> bool:
        if hasattr(state, "has_enabled_strategies"):
            return state.has_enabled_strategies
        return any(not s.disabled for s in state.strategies.all())


class FeatureReadKeysMixin(serializers.Serializer):
    """Flag-level keys of Unleash's reads: favorite, createdBy, lifecycle, links."""

    favorite = serializers.SerializerMethodField()
    createdBy = serializers.SerializerMethodField()
    lifecycle = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(serializers.BooleanField())
    def get_favorite(self, feature) -> bool:
        # Per caller, as in Unleash; computed once per response (a list shares the context).
        if "favorite_features" not in self.context:
            request = self.context.get("request")
            user = getattr(request, "user", None)
            self.context["favorite_features"] = stage_selectors.favorite_feature_ids(user)
        return feature.pk in self.context["favorite_features"]

    @extend_schema_field(UserRefSerializer())
    def get_createdBy(self, feature) -> dict:
        if feature.created_by is not None:
            return user_ref(feature.created_by)
        # No user row: an admin token (Unleash's -42) or the system, as its event says.
        by = getattr(feature, "creator_name", None) or ""
        return event_actor_ref(None, by, {})

    @extend_schema_field(LifecycleSerializer())
    def get_lifecycle(self, feature) -> dict:
        return LifecycleSerializer(lifecycle(feature)).data

    @extend_schema_field(LinkReadSerializer(many=True))
    def get_links(self, feature) -> list:
        return stage_selectors.links_of(feature)
