"""Import a /api/client/features body into one environment: one transaction, one audit event.

Used by `manage.py import_features`. Everything is validated like the write services do,
unless `force` is set: then constraints, parameters and variants are stored exactly as given
(the client specification's deliberately invalid cases, data from servers that never
validated). Two things the model cannot hold are stored as their exact evaluation
equivalent, with a warning: a strategy naming a segment that exists nowhere gets a
never-true constraint (SDKs turn such a strategy off), and a flag depending on a flag that
exists nowhere is stored off (SDKs never enable it).
"""

from dataclasses import dataclass, field

from django.utils import timezone

from core.actors import Actor
from core.audit import record_event
from core.errors import ValidationFailed
from core.services import write_service
from core.textcheck import check_text
from flags.models import (
    Dependency,
    Environment,
    Feature,
    FeatureEnvironment,
    FeatureType,
    Project,
    Segment,
    Strategy,
)
from flags.services._spec import column_length
from flags.services.features import ensure_environment_rows
from flags.services.projects import environment_create, project_create, project_environment_add
from flags.services.strategy_definitions import unknown_strategy_errors
from flags.validation import (
    check_json_text,
    normalize_constraints,
    normalize_parameters,
    validate_flag_name,
    validate_strategy_name,
)
from flags.variants import normalize_variants


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    segments: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Run:
    environment: Environment
    project: str | None
    force: bool
    actor: Actor
    result: ImportResult
    segment_ids: dict = field(default_factory=dict)  # id in the file -> Segment
    linked: set = field(default_factory=set)  # projects known to use the environment


@write_service
def import_features(
    body: dict,
    *,
    environment: str,
    actor: Actor,
    project: str | None = None,
    replace: bool = False,
    force: bool = False,
) -> ImportResult:
    _check_arguments(environment, project)
    features, segments = _check_body(body)
    run = _Run(_environment(environment, actor), project, force, actor, ImportResult())
    for index, raw in enumerate(segments):
        _import_segment(run, raw, f"segments[{index}]")
    imported = {}
    for index, raw in enumerate(features):
        imported[raw["name"]] = _import_feature(run, raw, f"features[{index}]")
    for index, raw in enumerate(features):
        _import_dependencies(run, imported[raw["name"]], raw, f"features[{index}]")
    if replace:
        _archive_missing(run, imported)
    _record(run, replace)
    return run.result


def _check_arguments(environment, project) -> None:
    errors = check_text(environment, "environment", column_length(Environment, "name"))
    if project is not None:
        errors += check_text(project, "project", column_length(Project, "id"))
    if errors:
        raise ValidationFailed.from_details(errors)


def _check_body(body) -> tuple[list, list]:
    if not isinstance(body, dict) or not isinstance(body.get("features"), list):
        raise ValidationFailed.at("features", "the file must be a features body with a list")
    # Even --force cannot store what PostgreSQL cannot hold: check every string up front.
    errors = check_json_text(body, "")
    if errors:
        raise ValidationFailed.from_details(errors)
    segments = body.get("segments") or []
    if not isinstance(segments, list):
        raise ValidationFailed.at("segments", "must be a list")
    names = []
    for index, raw in enumerate(body["features"]):
        if not isinstance(raw, dict):
            raise ValidationFailed.at(f"features[{index}]", "must be an object")
        errors = validate_flag_name(raw.get("name"), f"features[{index}].name")
        if errors:
            raise ValidationFailed.from_details(errors)
        names.append(raw["name"])
    if len(set(names)) != len(names):
        raise ValidationFailed.at("features", "flag names must be unique")
    return body["features"], segments


def _environment(name: str, actor: Actor) -> Environment:
    environment = Environment.objects.filter(pk=name).first()
    if environment is None:
        # The service validates the name and audits the creation like every other door.
        environment = environment_create(name=name, actor=actor)
    return environment


def _project(run: _Run, raw_project) -> Project:
    project_id = run.project or (raw_project if isinstance(raw_project, str) else "") or "default"
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        project = project_create(
            id=project_id, name=project_id, environments=[run.environment], actor=run.actor
        )
    elif project_id not in run.linked:
        # The service audits the link and gives the project's other flags their rows too.
        project_environment_add(project=project, environment=run.environment, actor=run.actor)
    run.linked.add(project_id)
    return project


def _normalized(run: _Run, raw, path: str, normalize, kind: type):
    """The file's value as is under --force (when of the right kind), else normalized or a 400."""
    if run.force and isinstance(raw, kind):
        return raw
    clean, errors = normalize(raw, path)
    if errors:
        raise ValidationFailed.from_details(errors)
    return clean


def _constraints(run: _Run, raw, path: str) -> list:
    return _normalized(run, raw, path, normalize_constraints, list)


def _variants(run: _Run, raw, path: str) -> list:
    if run.force and isinstance(raw, list):
        # As given, order included: the client specification's states depend on it.
        return raw
    clean = _normalized(run, raw, path, normalize_variants, list)
    # Keep the file's weights: they decide which variant each user gets. By name, since
    # normalising orders the variants by name.
    given = {v["name"]: v for v in raw or [] if isinstance(v, dict) and "name" in v}
    for variant in clean:
        variant["weight"] = given[variant["name"]].get("weight", variant["weight"])
    return clean


def _import_segment(run: _Run, raw, path: str) -> None:
    if not isinstance(raw, dict) or isinstance(raw.get("id"), bool) or "id" not in raw:
        raise ValidationFailed.at(path, "a segment needs an id")
    name = raw.get("name") or f"{run.project or 'imported'}:segment-{raw['id']}"
    errors = check_text(name, f"{path}.name", column_length(Segment, "name"))
    if errors:
        raise ValidationFailed.from_details(errors)
    constraints = _constraints(run, raw.get("constraints"), f"{path}.constraints")
    project = Project.objects.filter(pk=run.project).first() if run.project else None
    segment, _ = Segment.objects.update_or_create(
        name=name, defaults={"constraints": constraints, "project": project}
    )
    run.segment_ids[raw["id"]] = segment
    run.result.segments += 1


def _feature_fields(run: _Run, raw: dict, path: str) -> dict:
    kind = raw.get("type") or FeatureType.RELEASE
    if kind not in FeatureType.values:
        if not run.force:
            raise ValidationFailed.at(f"{path}.type", f"must be one of {FeatureType.values}")
        run.result.warnings.append(f"{raw['name']}: unknown type {kind!r} stored as release")
        kind = FeatureType.RELEASE
    description = raw.get("description") or ""
    errors = check_text(description, f"{path}.description", column_length(Feature, "description"))
    if errors:
        raise ValidationFailed.from_details(errors)
    return {
        "type": kind,
        "description": description,
        "stale": raw.get("stale") is True,
        "impression_data": raw.get("impressionData") is True,
        "archived_at": None,
    }


def _import_feature(run: _Run, raw: dict, path: str) -> Feature:
    project = _project(run, raw.get("project"))
    fields = _feature_fields(run, raw, path)
    feature = Feature.objects.filter(name=raw["name"]).first()
    if feature is None:
        feature = Feature.objects.create(name=raw["name"], project=project, **fields)
        run.result.created.append(feature.name)
    elif feature.project_id != project.pk:
        raise ValidationFailed.at(
            f"{path}.name", f"flag {feature.name!r} exists in project {feature.project_id!r}"
        )
    else:
        Feature.objects.filter(pk=feature.pk).update(updated_at=timezone.now(), **fields)
        run.result.updated.append(feature.name)
    ensure_environment_rows(feature)
    state = FeatureEnvironment.objects.get(feature=feature, environment=run.environment)
    state.enabled = raw.get("enabled") is True
    state.variants = _variants(run, raw.get("variants"), f"{path}.variants")
    state.save(update_fields=["enabled", "variants"])
    state.strategies.all().delete()
    strategies = raw.get("strategies") or []
    if not isinstance(strategies, list):
        raise ValidationFailed.at(f"{path}.strategies", "must be a list")
    for index, spec in enumerate(strategies):
        _import_strategy(run, state, spec, index, f"{path}.strategies[{index}]")
    return feature


def _parameters(run: _Run, raw, path: str) -> dict:
    return _normalized(run, raw, path, normalize_parameters, dict)


def _import_strategy(run: _Run, state, spec, index: int, path: str) -> None:
    if not isinstance(spec, dict):
        raise ValidationFailed.at(path, "must be an object")
    # The API's own rules for the strategy's columns, whatever --force says.
    errors = validate_strategy_name(spec.get("name"), f"{path}.name")
    title = spec.get("title") or ""
    errors += check_text(title, f"{path}.title", column_length(Strategy, "title"))
    if not errors and not run.force:  # --force stores the client specification's names too
        errors += unknown_strategy_errors(spec["name"], f"{path}.name")
    if errors:
        raise ValidationFailed.from_details(errors)
    constraints = list(_constraints(run, spec.get("constraints"), f"{path}.constraints"))
    segments = []
    for ref in spec.get("segments") or []:
        segment = run.segment_ids.get(ref)
        if segment is None:
            constraints.append(_missing_segment_constraint(run, state, ref, path))
        else:
            segments.append(segment)
    strategy = Strategy.objects.create(
        feature_environment=state,
        name=spec["name"],
        title=title,
        parameters=_parameters(run, spec.get("parameters"), f"{path}.parameters"),
        constraints=constraints,
        variants=_variants(run, spec.get("variants"), f"{path}.variants"),
        sort_order=spec.get("sortOrder") if isinstance(spec.get("sortOrder"), int) else index,
        disabled=spec.get("disabled") is True,
    )
    strategy.segments.set(segments)


def _missing_segment_constraint(run: _Run, state, ref, path: str) -> dict:
    if not run.force:
        raise ValidationFailed.at(f"{path}.segments", f"unknown segment id {ref!r}")
    run.result.warnings.append(
        f"{state.feature.name}: segment {ref!r} exists nowhere; its strategy can never match"
    )
    # `IN []` is false for every context: the same outcome SDKs give a missing segment.
    return {
        "contextName": f"missingSegment{ref}",
        "operator": "IN",
        "values": [],
        "caseInsensitive": False,
        "inverted": False,
    }


def _import_dependencies(run: _Run, child: Feature, raw: dict, path: str) -> None:
    Dependency.objects.filter(child=child).delete()
    for index, dep in enumerate(raw.get("dependencies") or []):
        where = f"{path}.dependencies[{index}]"
        if not isinstance(dep, dict) or not isinstance(dep.get("feature"), str):
            raise ValidationFailed.at(f"{where}.feature", "must name the parent flag")
        parent = Feature.objects.filter(name=dep["feature"]).first()
        if parent is None:
            _missing_parent(run, child, dep["feature"], where)
            continue
        enabled = dep.get("enabled") is not False
        variants = dep.get("variants") if enabled and isinstance(dep.get("variants"), list) else []
        if not run.force and raw_has_chain(parent):
            raise ValidationFailed.at(f"{where}.feature", f"{parent.name!r} has dependencies")
        Dependency.objects.create(child=child, parent=parent, enabled=enabled, variants=variants)


def raw_has_chain(parent: Feature) -> bool:
    # SDKs evaluate one level only; the write services refuse chains, so does a plain import.
    return parent.dependencies.exists()


def _missing_parent(run: _Run, child: Feature, parent: str, where: str) -> None:
    if not run.force:
        raise ValidationFailed.at(f"{where}.feature", f"unknown flag {parent!r}")
    run.result.warnings.append(f"{child.name}: depends on {parent!r}, which exists nowhere; off")
    FeatureEnvironment.objects.filter(feature=child, environment=run.environment).update(
        enabled=False
    )


def _archive_missing(run: _Run, imported: dict) -> None:
    projects = {f.project_id for f in imported.values()}
    if run.project:
        projects.add(run.project)
    missing = Feature.objects.active().filter(project_id__in=projects).exclude(name__in=imported)
    run.result.archived = list(missing.values_list("name", flat=True))
    missing.update(archived_at=timezone.now())


def _record(run: _Run, replace: bool) -> None:
    result = run.result
    record_event(
        "features-imported",
        actor=run.actor,
        project=run.project or "",
        environment=run.environment.name,
        data={
            "created": result.created,
            "updated": result.updated,
            "archived": result.archived,
            "segments": result.segments,
            "force": run.force,
            "replace": replace,
            "warnings": result.warnings,
        },
    )
