"""Append audit events; each one also moves the configuration revision forward."""

from core import revision
from core.actors import Actor
from core.models import Event


def record_event(
    event_type: str,
    *,
    actor: Actor,
    project: str = "",
    feature: str = "",
    environment: str = "",
    data=None,
    pre_data=None,
    tags=None,
) -> Event:
    user = actor.user if actor.user is not None and actor.user.pk else None
    event = Event.objects.create(
        type=event_type,
        created_by=actor.name[:255],
        created_by_user=user,
        source=actor.source,
        project=project or "",
        feature_name=feature or "",
        environment=environment or "",
        data=data,
        pre_data=pre_data,
        tags=tags or [],
        ip=actor.ip,
    )
    revision.publish_on_commit(revision.of_event(event))
    return event
