"""Writes on projects and environments."""

from core.actors import Actor
from core.audit import record_event
from core.errors import Conflict, NotFound, ValidationFailed
from core.services import locked, write_service
from core.textcheck import check_text
from flags.models import Environment, Feature, FeatureEnvironment, Project, ProjectDefaultStrategy
from flags.services._spec import column_length
from flags.services.strategies import _clean as clean_strategy
from flags.snapshots import project_snapshot
from flags.validation import validate_slug


@write_service
def project_create(
    *, id: str, name: str, actor: Actor, description: str = "", environments=None
) -> Project:
    errors = validate_slug(id, "id") + _check_texts(name, description, creating=True)
    envs, env_errors = _environments(environments)
    errors += env_errors
    if errors:
        raise ValidationFailed.from_details(errors)
    if Project.objects.filter(pk=id).exists():
        raise Conflict.at("id", f"a project with id {id!r} already exists")
    project = Project.objects.create(id=id, name=name, description=description or "")
    project.environments.set(envs)
    data = {**project_snapshot(project), "environments": [e.name for e in envs]}
    record_event("project-created", actor=actor, project=id, data=data)
    return project


def _check_texts(name, description, *, creating=False) -> list[dict]:
    """Project name (None: unchanged, unless creating) and description against their columns."""
    errors = []
    if name is not None or creating:
        errors += check_text(name, "name", column_length(Project, "name"), required=True)
    if description is not None:
        limit = column_length(Project, "description")
        errors += check_text(description, "description", limit)
    return errors


def _environments(raw) -> tuple[list[Environment], list[dict]]:
    """Environment objects or names -> environments; all of them when None."""
    if raw is None:
        return list(Environment.objects.all()), []
    if isinstance(raw, str) or not hasattr(raw, "__iter__"):
        return [], [{"path": "environments", "message": "must be a list of environment names"}]
    names = [e.pk if isinstance(e, Environment) else e for e in raw]
    if not all(isinstance(n, str) for n in names):
        return [], [{"path": "environments", "message": "must be a list of environment names"}]
    limit = column_length(Environment, "name")
    for index, name in enumerate(names):
        errors = check_text(name, f"environments[{index}]", limit)
        if errors:
            return [], errors
    found = {e.name: e for e in Environment.objects.filter(pk__in=names)}
    missing = [n for n in names if n not in found]
    if missing:
        return [], [{"path": "environments", "message": f"unknown environment {missing[0]!r}"}]
    return [found[n] for n in dict.fromkeys(names)], []


@write_service
def project_update(*, project: Project, actor: Actor, name=None, description=None) -> Project:
    errors = _check_texts(name, description)
    if errors:
        raise ValidationFailed.from_details(errors)
    project = locked(Project, pk=project.pk)
    before = project_snapshot(project)
    if name is not None:
        project.name = name
    if description is not None:
        project.description = description
    after = project_snapshot(project)
    if after != before:
        project.save()
        record_event(
            "project-updated", actor=actor, project=project.id, data=after, pre_data=before
        )
    return project


@write_service
def project_delete(*, project: Project, actor: Actor) -> None:
    if project.pk == "default":
        raise ValidationFailed.at("id", "the default project cannot be deleted")
    # The lock makes a concurrent feature_create wait, then find the project gone.
    project = locked(Project, pk=project.pk)
    if Feature.objects.filter(project=project).exists():
        raise ValidationFailed.at("id", "the project still has flags (archived ones too)")
    if project.segments.exists():
        raise ValidationFailed.at("id", "the project still has segments")
    before = project_snapshot(project)
    project.delete()
    record_event("project-deleted", actor=actor, project=before["id"], pre_data=before)


@write_service
def project_environment_add(*, project: Project, environment: Environment, actor: Actor) -> None:
    project = locked(Project, pk=project.pk)
    if project.environments.filter(pk=environment.pk).exists():
        return
    project.environments.add(environment)
    FeatureEnvironment.objects.bulk_create(
        [
            FeatureEnvironment(feature=f, environment=environment)
            for f in project.features.exclude(env_states__environment=environment)
        ]
    )
    record_event(
        "project-environment-added",
        actor=actor,
        project=project.id,
        environment=environment.name,
    )


@write_service
def project_environment_remove(*, project: Project, environment: Environment, actor: Actor) -> None:
    project = locked(Project, pk=project.pk)
    if not project.environments.filter(pk=environment.pk).exists():
        return
    if project.environments.count() <= 1:
        raise ValidationFailed.at("environment", "a project needs at least one environment")
    project.environments.remove(environment)
    FeatureEnvironment.objects.filter(feature__project=project, environment=environment).delete()
    project.default_strategies.filter(environment=environment).delete()
    record_event(
        "project-environment-removed",
        actor=actor,
        project=project.id,
        environment=environment.name,
    )


@write_service
def environment_create(
    *, name: str, actor: Actor, type: str = "development", sort_order: int = 0
) -> Environment:
    errors = validate_slug(name, "name")
    if type not in Environment.Type.values:
        errors.append({"path": "type", "message": f"must be one of {Environment.Type.values}"})
    if isinstance(sort_order, bool) or not isinstance(sort_order, int):
        errors.append({"path": "sortOrder", "message": "must be an integer"})
    if errors:
        raise ValidationFailed.from_details(errors)
    if Environment.objects.filter(pk=name).exists():
        raise Conflict.at("name", f"an environment named {name!r} already exists")
    environment = Environment.objects.create(name=name, type=type, sort_order=sort_order)
    record_event(
        "environment-created",
        actor=actor,
        environment=name,
        data={"name": name, "type": type, "sortOrder": sort_order},
    )
    return environment


@write_service
def environment_set_enabled(*, environment: Environment, enabled: bool, actor: Actor) -> None:
    """Switch a whole environment on or off (off: SDKs get every flag disabled there)."""
    if not isinstance(enabled, bool):
        raise ValidationFailed.at("enabled", "must be true or false")
    environment = locked(Environment, pk=environment.pk)
    if environment.enabled == enabled:
        return
    environment.enabled = enabled
    environment.save(update_fields=["enabled"])
    record_event(
        "environment-enabled" if enabled else "environment-disabled",
        actor=actor,
        environment=environment.name,
        data={"enabled": enabled},
        pre_data={"enabled": not enabled},
    )


@write_service
def project_set_default_strategy(
    *, project: Project, environment: Environment, actor: Actor, **spec
) -> dict:
    """The strategy flags of the project get when switched on in ``environment`` with no
    enabled strategy; validated as any strategy, and only flexibleRollout, as in Unleash."""
    if spec.get("name") != "flexibleRollout":
        raise ValidationFailed.at(
            "name",
            'Only "flexibleRollout" strategy can be used as a default strategy for an environment',
        )
    clean = clean_strategy(spec, force=False)
    if "segments" in clean:
        clean["segments"] = [segment.pk for segment in clean["segments"]]
    project = locked(Project, pk=project.pk)
    if not project.environments.filter(pk=environment.pk).exists():
        message = f"environment {environment.name!r} is not enabled for project {project.pk!r}"
        raise NotFound.at("environment", message)
    row = ProjectDefaultStrategy.objects.filter(project=project, environment=environment).first()
    before = row.strategy if row else None
    ProjectDefaultStrategy.objects.update_or_create(
        project=project, environment=environment, defaults={"strategy": clean}
    )
    record_event(
        "default-strategy-updated",
        actor=actor,
        project=project.pk,
        environment=environment.name,
        data=_strategy_snapshot(clean),
        pre_data=_strategy_snapshot(before) if before is not None else None,
    )
    return clean


def _strategy_snapshot(stored: dict) -> dict:
    # Event data carries Unleash's names, as every other snapshot does.
    return {("sortOrder" if key == "sort_order" else key): value for key, value in stored.items()}
