"""Writes on dependencies between flags."""

from core.actors import Actor
from core.audit import record_event
from core.errors import NotFound, ValidationFailed
from core.services import write_service
from core.textcheck import check_text
from flags.models import Dependency, Feature
from flags.validation import NAME_LENGTH


def _check(child: Feature, parent: Feature, enabled, variants) -> list:
    if child.pk == parent.pk:
        raise ValidationFailed.at("feature", "a flag cannot depend on itself")
    if parent.project_id != child.project_id:
        raise ValidationFailed.at("feature", "the parent must be in the same project")
    if parent.dependencies.exists():
        # SDKs only evaluate one level: a parent with parents always fails.
        raise ValidationFailed.at("feature", f"{parent.name!r} has dependencies of its own")
    if child.dependents.exists():
        raise ValidationFailed.at("feature", f"other flags depend on {child.name!r}")
    if not isinstance(enabled, bool):
        raise ValidationFailed.at("enabled", "must be true or false")
    variants = variants or []
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        raise ValidationFailed.at("variants", "must be a list of variant names")
    for index, name in enumerate(variants):
        errors = check_text(name, f"variants[{index}]", NAME_LENGTH)
        if errors:
            raise ValidationFailed.from_details(errors)
    return variants if enabled else []


def _lock_pair(child: Feature, parent: Feature) -> tuple[Feature, Feature]:
    # Lock both flags (in id order, no deadlock) so concurrent adds cannot build a chain.
    rows = {
        f.pk: f
        for f in Feature.objects.select_for_update()
        .filter(pk__in={child.pk, parent.pk})
        .order_by("pk")
    }
    if child.pk not in rows or parent.pk not in rows:
        raise NotFound.at("feature", "the flag no longer exists")
    return rows[child.pk], rows[parent.pk]


@write_service
def dependency_add(
    *, child: Feature, parent: Feature, actor: Actor, enabled: bool = True, variants=None
) -> Dependency:
    child, parent = _lock_pair(child, parent)
    variants = _check(child, parent, enabled, variants)
    dependency, _ = Dependency.objects.update_or_create(
        child=child, parent=parent, defaults={"enabled": enabled, "variants": variants}
    )
    record_event(
        "feature-dependency-added",
        actor=actor,
        project=child.project_id,
        feature=child.name,
        data={"feature": parent.name, "enabled": enabled, "variants": variants},
    )
    return dependency


@write_service
def dependency_remove(*, child: Feature, parent: Feature | None, actor: Actor) -> None:
    """Remove one dependency, or all of the child's when parent is None."""
    qs = child.dependencies.all() if parent is None else child.dependencies.filter(parent=parent)
    removed = list(qs.values_list("parent__name", flat=True))
    if parent is not None and not removed:
        raise NotFound.at("feature", f"{child.name!r} does not depend on {parent.name!r}")
    if not removed:  # Unleash answers 404 when there was nothing to remove
        raise NotFound.at("feature", f"{child.name!r} has no dependencies to remove")
    qs.delete()
    event = "feature-dependencies-removed" if parent is None else "feature-dependency-removed"
    record_event(
        event,
        actor=actor,
        project=child.project_id,
        feature=child.name,
        pre_data={"features": removed},
    )
