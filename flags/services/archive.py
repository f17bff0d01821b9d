"""Batch writes on a project's flags: archive, revive and delete for good, as Unleash does.

Each batch is one transaction (all of it or none of it). Names of flags that do not exist, or
that are not in the state the operation applies to, are skipped, as in Unleash; a named flag
that exists in another project, or one that active flags outside the batch depend on, refuses
the whole batch with Unleash's 403 InvalidOperationError.
"""

from core.actors import Actor
from core.errors import NotFound, ValidationFailed
from core.services import write_service
from core.textcheck import check_text
from flags.models import Dependency, Feature, Project
from flags.services.features import (
    InvalidOperation,
    archive_locked,
    delete_locked,
    revive_locked,
)
from flags.validation import NAME_LENGTH

MAX_BATCH = 1000


def batch_names(names) -> list[str]:
    """The names of a batch, checked, each once (a name twice is handled once)."""
    if not isinstance(names, list | tuple) or len(names) > MAX_BATCH:
        raise ValidationFailed.at("features", f"must be a list of at most {MAX_BATCH} names")
    for index, name in enumerate(names):
        errors = check_text(name, f"features[{index}]", NAME_LENGTH, required=True)
        if errors:
            raise ValidationFailed.from_details(errors)
    return list(dict.fromkeys(names))


def named_flags(project_id: str, names) -> list[Feature]:
    """The existing flags among ``names``, locked; one in another project refuses the batch."""
    names = batch_names(names)
    found = Feature.objects.select_for_update().filter(name__in=names).order_by("pk")
    features = {f.name: f for f in found}
    others = sorted({f.project_id for f in features.values() if f.project_id != project_id})
    if others:
        raise InvalidOperation.at(
            "features",
            f"the flags exist, but in project {', '.join(others)}, not in {project_id!r}",
        )
    return [features[n] for n in names if n in features]


def _no_orphaned_children(features: list[Feature]) -> None:
    """Active flags outside the batch must not depend on a flag of the batch."""
    names = {f.name for f in features}
    dependants = Dependency.objects.filter(
        parent__in=features, child__archived_at__isnull=True
    ).exclude(child__name__in=names)
    if dependants.exists():
        many = len(features) > 1
        raise InvalidOperation.at(
            "features",
            "other flags depend on "
            + ("these flags" if many else "this flag")
            + "; they cannot be archived or deleted",
        )


@write_service
def features_archive(*, project_id: str, names, actor: Actor) -> list[Feature]:
    """Archive the named active flags of the project; answer those archived now."""
    features = named_flags(project_id, names)
    _no_orphaned_children(features)
    active = [f for f in features if f.archived_at is None]
    for feature in active:
        archive_locked(feature, actor)
    return active


@write_service
def features_revive(*, project_id: str, names, actor: Actor) -> list[Feature]:
    """Revive the named archived flags of an existing project; answer those revived."""
    if not Project.objects.filter(pk=project_id).exists():
        raise NotFound.at("projectId", f"Active project with id {project_id} does not exist")
    archived = [f for f in named_flags(project_id, names) if f.archived_at is not None]
    for feature in archived:
        revive_locked(feature, actor)
    return archived


@write_service
def features_delete(*, project_id: str, names, actor: Actor) -> list[str]:
    """Delete the named archived flags for good (active ones stay); answer the names deleted."""
    features = named_flags(project_id, names)
    _no_orphaned_children(features)
    archived = [f for f in features if f.archived_at is not None]
    for feature in archived:
        delete_locked(feature, actor)
    return [f.name for f in archived]
