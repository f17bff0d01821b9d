"""Writes on flags: create, update, archive, revive, delete, stale, clone."""

from django.db import IntegrityError
from django.utils import timezone

from core.actors import Actor
from core.audit import record_event
from core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from core.services import locked, locked_update, write_service
from core.textcheck import check_text
from flags.models import (
    Dependency,
    Feature,
    FeatureEnvironment,
    FeatureType,
    LifecycleStage,
    Project,
)
from flags.services import lifecycle
from flags.services._spec import column_length
from flags.snapshots import feature_snapshot
from flags.validation import validate_flag_name

EDITABLE_FIELDS = {"description", "type", "impression_data", "stale"}


class InvalidOperation(Forbidden):
    """Unleash's InvalidOperationError: the data does not allow this (a 403), e.g. archiving
    a flag that active flags depend on."""

    name = "InvalidOperationError"


def _check_fields(fields: dict) -> None:
    errors = []
    if "type" in fields and fields["type"] not in FeatureType.values:
        errors.append({"path": "type", "message": f"must be one of {FeatureType.values}"})
    for key in ("impression_data", "stale"):
        if key in fields and not isinstance(fields[key], bool):
            errors.append({"path": key, "message": "must be true or false"})
    if "description" in fields:
        limit = column_length(Feature, "description")
        errors += check_text(fields["description"], "description", limit)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        errors.append({"path": sorted(unknown)[0], "message": "is not an editable field"})
    if errors:
        raise ValidationFailed.from_details(errors)


def _lock_project(project) -> Project:
    # Serialises with project_delete, so a flag never lands in a project being deleted.
    pk = project.pk if isinstance(project, Project) else project
    try:
        return locked(Project, pk=pk)
    except NotFound as exc:
        raise NotFound.at("project", f"no project {pk!r}") from exc


def ensure_environment_rows(feature: Feature) -> None:
    """Give the flag one state row per environment of its project (off by default)."""
    existing = set(feature.env_states.values_list("environment_id", flat=True))
    missing = [
        FeatureEnvironment(feature=feature, environment=env)
        for env in feature.project.environments.all()
        if env.name not in existing
    ]
    FeatureEnvironment.objects.bulk_create(missing)


@write_service
def feature_create(*, project: Project, name: str, actor: Actor, **fields) -> Feature:
    errors = validate_flag_name(name)
    if errors:
        raise ValidationFailed.from_details(errors)
    _check_fields(fields)
    project = _lock_project(project)
    if Feature.objects.filter(name=name).exists():
        raise Conflict.at("name", f"a flag named {name!r} already exists")
    try:
        feature = Feature.objects.create(
            project=project, name=name, created_by=_user(actor), **fields
        )
    except IntegrityError as exc:
        raise Conflict.at("name", f"a flag named {name!r} already exists") from exc
    ensure_environment_rows(feature)
    lifecycle.stage_entered(feature, LifecycleStage.INITIAL, feature.created_at)
    record_event(
        "feature-created",
        actor=actor,
        project=project.id,
        feature=name,
        data=feature_snapshot(feature),
    )
    return feature


@write_service
def feature_update(*, feature: Feature, actor: Actor, **fields) -> Feature:
    _check_fields(fields)
    feature, before, after = locked_update(Feature, feature.pk, fields, feature_snapshot)
    if after != before:
        record_event(
            "feature-metadata-updated",
            actor=actor,
            project=feature.project_id,
            feature=feature.name,
            data=after,
            pre_data=before,
        )
    return feature


@write_service
def feature_set_stale(*, feature: Feature, stale: bool, actor: Actor) -> Feature:
    if not isinstance(stale, bool):
        raise ValidationFailed.at("stale", "must be true or false")
    feature = locked(Feature, pk=feature.pk)
    if feature.stale == stale:
        return feature
    feature.stale = stale
    feature.save(update_fields=["stale", "updated_at"])
    record_event(
        "feature-stale-on" if stale else "feature-stale-off",
        actor=actor,
        project=feature.project_id,
        feature=feature.name,
        data={"stale": stale},
        pre_data={"stale": not stale},
    )
    return feature


@write_service
def feature_archive(*, feature: Feature, actor: Actor) -> Feature:
    feature = locked(Feature, pk=feature.pk)
    if feature.archived_at is not None:
        return feature
    children = list(
        feature.dependents.filter(child__archived_at__isnull=True).values_list(
            "child__name", flat=True
        )
    )
    if children:
        raise InvalidOperation.at(
            "name", f"other flags depend on this flag: {', '.join(sorted(children))}"
        )
    archive_locked(feature, actor)
    return feature


def archive_locked(feature: Feature, actor: Actor) -> None:
    """Archive a locked, active flag whose dependants were checked by the caller."""
    _drop_own_dependencies(feature, actor)
    feature.archived_at = timezone.now()
    feature.save(update_fields=["archived_at", "updated_at"])
    lifecycle.stage_entered(feature, LifecycleStage.ARCHIVED, feature.archived_at)
    record_event("feature-archived", actor=actor, project=feature.project_id, feature=feature.name)


def _drop_own_dependencies(feature: Feature, actor: Actor) -> None:
    # Unleash removes an archived flag's dependencies on its parents.
    parents = list(feature.dependencies.values_list("parent__name", flat=True))
    if not parents:
        return
    Dependency.objects.filter(child=feature).delete()
    record_event(
        "feature-dependencies-removed",
        actor=actor,
        project=feature.project_id,
        feature=feature.name,
        pre_data={"features": sorted(parents)},
    )


@write_service
def feature_revive(*, feature: Feature, actor: Actor) -> Feature:
    """Bring an archived flag back, off in every environment as Unleash does."""
    feature = locked(Feature, pk=feature.pk)
    if feature.archived_at is None:
        return feature
    revive_locked(feature, actor)
    return feature


def revive_locked(feature: Feature, actor: Actor) -> None:
    """Revive a locked, archived flag."""
    feature.archived_at = None
    feature.save(update_fields=["archived_at", "updated_at"])
    lifecycle.restarted(feature)
    ensure_environment_rows(feature)
    # A flag that comes back must not serve what it served before it was archived.
    feature.env_states.filter(enabled=True).update(enabled=False)
    record_event("feature-revived", actor=actor, project=feature.project_id, feature=feature.name)


@write_service
def feature_delete(*, feature: Feature, actor: Actor) -> None:
    """Delete permanently; only archived flags can go, as in Unleash."""
    feature = locked(Feature, pk=feature.pk)
    if feature.archived_at is None:
        raise ValidationFailed.at("name", "archive the flag before deleting it")
    delete_locked(feature, actor)


def delete_locked(feature: Feature, actor: Actor) -> None:
    """Delete a locked, archived flag whose dependants were checked by the caller."""
    snapshot = feature_snapshot(feature)
    tags = [{"type": t.type.name, "value": t.value} for t in feature.tags.select_related("type")]
    project, name = feature.project_id, feature.name
    feature.delete()
    record_event(
        "feature-deleted",
        actor=actor,
        project=project,
        feature=name,
        pre_data=snapshot,
        tags=tags,
    )


@write_service
def feature_clone(*, feature: Feature, name: str, actor: Actor, replace_group_id=True) -> Feature:
    """Copy a flag with its per-environment state, strategies and variants under a new name."""
    from flags.services.cloning import copy_feature_state

    clone = feature_create(
        project=feature.project,
        name=name,
        actor=actor,
        type=feature.type,
        description=feature.description,
        impression_data=feature.impression_data,
    )
    copy_feature_state(feature, clone, replace_group_id=replace_group_id)
    record_event(
        "feature-cloned",
        actor=actor,
        project=clone.project_id,
        feature=clone.name,
        data={"source": feature.name, **feature_snapshot(clone)},
    )
    return clone


def _user(actor: Actor):
    return actor.user if actor.user is not None and actor.user.pk else None
