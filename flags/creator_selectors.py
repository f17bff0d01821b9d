"""Who wrote events and who created a project's flags ({id, name}, as Unleash lists them)."""

from django.contrib.auth import get_user_model

from core.models import Event
from flags.api.admin.serializers.events import ADMIN_TOKEN_USER_ID, SYSTEM_USER_ID
from flags.models import Feature

SYSTEM_NAME = "Unleash System"
# Unleash names the admin token differently in the two lists.
EVENT_TOKEN_NAME = "Unleash Admin Token"
FLAG_TOKEN_NAME = "Unleash Admin Token User"


def _name(user) -> str:
    return user.get_full_name() or user.get_username() or user.email


def event_creators() -> list[dict]:
    """Every distinct author of an event: users by row, tokens and the system by sentinel."""
    creators: dict[int, str] = {}
    user_ids = Event.objects.exclude(created_by_user=None).values("created_by_user")
    for user in get_user_model().objects.filter(pk__in=user_ids):
        creators[user.pk] = _name(user)
    rowless = Event.objects.filter(created_by_user=None)
    if rowless.filter(created_by__startswith="token:").exists():
        creators[ADMIN_TOKEN_USER_ID] = EVENT_TOKEN_NAME
    if rowless.exclude(created_by__startswith="token:").exists():
        creators[SYSTEM_USER_ID] = SYSTEM_NAME
    return [{"id": pk, "name": name} for pk, name in sorted(creators.items())]


def flag_creators(project_id: str) -> list[dict]:
    """Who created the project's active flags (a flag made by a token counts as the token)."""
    features = Feature.objects.active().filter(project_id=project_id)
    creators: dict[int, str] = {}
    users = get_user_model().objects.filter(pk__in=features.values("created_by"))
    for user in users:
        creators[user.pk] = _name(user)
    rowless = features.filter(created_by=None).values("name")
    created = Event.objects.filter(type="feature-created", feature_name__in=rowless)
    if created.filter(created_by__startswith="token:").exists():
        creators[ADMIN_TOKEN_USER_ID] = FLAG_TOKEN_NAME
    return [{"id": pk, "name": name} for pk, name in sorted(creators.items())]
