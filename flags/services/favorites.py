"""Writes on a user's favorite projects and flags (idempotent, as in Unleash)."""

from core.actors import Actor
from core.audit import record_event
from core.errors import ValidationFailed
from core.services import write_service
from flags.models import FavoriteFeature, FavoriteProject, Feature, Project


def _user_of(actor: Actor):
    """Favorites belong to a user; an admin token has none (Unleash fails with a 500 there)."""
    user = actor.user
    if user is None or getattr(user, "pk", None) is None:
        raise ValidationFailed.at("user", "favorites belong to a signed-in user; a token has none")
    return user


@write_service
def project_favorite(*, project: Project, actor: Actor, favorite: bool) -> None:
    user = _user_of(actor)
    if favorite:
        FavoriteProject.objects.get_or_create(user=user, project=project)
    else:
        FavoriteProject.objects.filter(user=user, project=project).delete()
    kind = "project-favorited" if favorite else "project-unfavorited"
    record_event(kind, actor=actor, project=project.pk, data={"project": project.pk})


@write_service
def feature_favorite(*, feature: Feature, actor: Actor, favorite: bool) -> None:
    user = _user_of(actor)
    if favorite:
        FavoriteFeature.objects.get_or_create(user=user, feature=feature)
    else:
        FavoriteFeature.objects.filter(user=user, feature=feature).delete()
    kind = "feature-favorited" if favorite else "feature-unfavorited"
    record_event(
        kind,
        actor=actor,
        project=feature.project_id,
        feature=feature.name,
        data={"feature": feature.name},
    )
