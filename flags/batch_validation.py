"""Import checks: parse an Unleash import body and list its errors and warnings (read-only)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q

from core.errors import NotFound, ValidationFailed
from core.textcheck import check_text
from flags.models import (
    ContextField,
    Environment,
    Feature,
    FeatureType,
    Project,
    Segment,
    Strategy,
    StrategyDefinition,
    TagType,
)
from flags.services._spec import column_length
from flags.services.strategy_definitions import undefined_strategy_names
from flags.validation import (
    check_json_text,
    normalize_constraints,
    normalize_parameters,
    validate_flag_name,
    validate_strategy_name,
)
from flags.variants import normalize_variants

# Unleash's limit on an import or validate body.
MAX_IMPORT_BYTES = 500 * 1024

LISTS = (
    "features",
    "featureStrategies",
    "featureEnvironments",
    "contextFields",
    "featureTags",
    "segments",
    "tagTypes",
    "dependencies",
)


@dataclass
class ImportRequest:
    project: Project
    environment: Environment
    data: dict

    @property
    def names(self) -> list[str]:
        return [f["name"] for f in self.data["features"]]


def _require_dicts(data: dict, key: str) -> list[dict]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        return [{"path": f"data.{key}", "message": "must be a list of objects"}]
    data[key] = value
    return []


def _check_features(features: list[dict]) -> list[dict]:
    errors = []
    for i, feature in enumerate(features):
        errors += validate_flag_name(feature.get("name"), f"data.features[{i}].name")
        if feature.get("type", "release") not in FeatureType.values:
            errors.append({"path": f"data.features[{i}].type", "message": "unknown flag type"})
        description = feature.get("description") or ""
        limit = column_length(Feature, "description")
        errors += check_text(description, f"data.features[{i}].description", limit)
    return errors


def _check_strategies(strategies: list[dict]) -> list[dict]:
    """The strategy API's own name and title rules, each error naming its record."""
    errors = []
    for i, strategy in enumerate(strategies):
        path = f"data.featureStrategies[{i}]"
        errors += validate_strategy_name(strategy.get("name"), f"{path}.name")
        limit = column_length(Strategy, "title")
        errors += check_text(strategy.get("title") or "", f"{path}.title", limit)
    return errors


def _check_text_edges(body: dict) -> list[dict]:
    """No NUL, lone surrogate or over-long id anywhere: they would reach the queries below."""
    errors = []
    for key, model in (("project", Project), ("environment", Environment)):
        if isinstance(body.get(key), str):
            errors += check_text(body[key], key, column_length(model, model._meta.pk.name))
    return errors + check_json_text(body.get("data"), "data")


def parse_import(body) -> ImportRequest:
    """Check the body's shape; 404 for an unknown project or environment."""
    if not isinstance(body, dict):
        raise ValidationFailed.at("", "the body must be a JSON object")
    errors = [
        {"path": key, "message": "is required"}
        for key in ("project", "environment")
        if not isinstance(body.get(key), str) or not body.get(key)
    ]
    edges = _check_text_edges(body)
    if edges:  # before anything below reads the data or queries with it
        raise ValidationFailed.from_details(errors + edges)
    data = body.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        errors.append({"path": "data.features", "message": "is required"})
    else:
        data = dict(data)
        for key in LISTS:
            errors += _require_dicts(data, key)
        if not errors:
            errors += _check_features(data["features"])
            errors += _check_strategies(data["featureStrategies"])
    if errors:
        raise ValidationFailed.from_details(errors)
    project = Project.objects.filter(pk=body["project"]).first()
    if project is None:
        raise NotFound.at("project", f"no project {body['project']!r}")
    environment = Environment.objects.filter(pk=body["environment"]).first()
    if environment is None:
        raise NotFound.at("environment", f"no environment {body['environment']!r}")
    return ImportRequest(project=project, environment=environment, data=data)


def segment_names(req: ImportRequest) -> dict:
    """Exported segment id -> name, as the file lists them."""
    return {s.get("id"): s.get("name") for s in req.data["segments"]}


def local_segments(req: ImportRequest) -> dict[str, Segment]:
    """Name -> segment usable in the target project (global or the project's own)."""
    qs = Segment.objects.filter(Q(project__isnull=True) | Q(project=req.project))
    return {s.name: s for s in qs}


def _missing_segments(req: ImportRequest) -> list[str]:
    names, local = segment_names(req), local_segments(req)
    missing = set()
    for strategy in req.data["featureStrategies"]:
        for seg_id in strategy.get("segments") or []:
            name = names.get(seg_id)
            if name not in local:
                missing.add(name if name is not None else f"id {seg_id}")
    return sorted(missing)


def _bad_context_fields(req: ImportRequest) -> list[str]:
    existing = {f.name: f for f in ContextField.objects.all()}
    bad = []
    for field in req.data["contextFields"]:
        local = existing.get(field.get("name"))
        if local is None:
            continue  # will be created
        known = {v["value"] for v in local.legal_values}
        wanted = [
            v.get("value") if isinstance(v, dict) else v for v in field.get("legalValues") or []
        ]
        if any(value not in known for value in wanted):
            bad.append(field.get("name"))
    return sorted(bad)


def _invalid_data(req: ImportRequest) -> list[str]:
    problems = []
    for strategy in req.data["featureStrategies"]:
        errors = normalize_constraints(strategy.get("constraints"))[1]
        errors += normalize_parameters(strategy.get("parameters"))[1]
        errors += normalize_variants(strategy.get("variants"))[1]
        if errors:
            problems.append(
                f"{strategy.get('featureName')}: {errors[0]['path']} {errors[0]['message']}"
            )
    for state in req.data["featureEnvironments"]:
        errors = normalize_variants(state.get("variants"))[1]
        if errors:
            name = state.get("featureName") or state.get("name")
            problems.append(f"{name}: {errors[0]['path']} {errors[0]['message']}")
    problems += _orphans(req)
    known_types = {t.get("name") for t in req.data["tagTypes"]}
    known_types |= set(TagType.objects.values_list("name", flat=True))
    for tag in req.data["featureTags"]:
        if tag.get("tagType") not in known_types:
            problems.append(f"{tag.get('featureName')}: unknown tag type {tag.get('tagType')!r}")
    return problems


def _orphans(req: ImportRequest) -> list[str]:
    """Records that belong to a flag the file does not list (the import would have no target)."""
    names = set(req.names)
    kinds = (
        ("featureStrategies", "featureName", "strategy"),
        ("featureTags", "featureName", "tag"),
        ("dependencies", "feature", "dependency"),
    )
    return [
        f"{item.get(key)}: {noun} of a flag not in the file"
        for list_name, key, noun in kinds
        for item in req.data[list_name]
        if item.get(key) not in names
    ]


def _bad_dependencies(req: ImportRequest) -> list[str]:
    names = set(req.names)
    local = set(Feature.objects.active().filter(project=req.project).values_list("name", flat=True))
    bad = []
    for entry in req.data["dependencies"]:
        for dep in entry.get("dependencies") or []:
            parent = dep.get("feature") if isinstance(dep, dict) else None
            if parent not in names and parent not in local:
                bad.append(f"{entry.get('feature')} -> {parent}")
    return bad


def _item(message: str, items: list[str]) -> list[dict]:
    return [{"message": message, "affectedItems": items}] if items else []


def existing_features(req: ImportRequest):
    return Feature.objects.filter(name__in=req.names)


def archived_names(req: ImportRequest) -> list[str]:
    qs = existing_features(req).filter(project=req.project, archived_at__isnull=False)
    return sorted(qs.values_list("name", flat=True))


def validate_import(req: ImportRequest) -> dict:
    """Unleash's validate answer {errors, warnings, permissions}: [{message, affectedItems}]."""
    existing = list(existing_features(req))
    foreign = sorted(
        f"{f.name} (in project {f.project_id})" for f in existing if f.project_id != req.project.pk
    )
    overwritten = sorted(
        f.name for f in existing if f.project_id == req.project.pk and not f.archived
    )
    duplicates = sorted(name for name, n in Counter(req.names).items() if n > 1)
    used = {s.get("name") for s in req.data["featureStrategies"]}
    # Unleash: a name no definition has is an error; a custom definition in use, a warning.
    custom = sorted(
        StrategyDefinition.objects.filter(name__in=used - {None}, built_in=False).values_list(
            "name", flat=True
        )
    )
    env_missing = not req.project.environments.filter(pk=req.environment.pk).exists()
    errors = (
        _item(
            "We detected the following custom strategy that needs to be created first:",
            undefined_strategy_names(used),
        )
        + _item(
            f"The environment is not enabled for project {req.project.pk}:",
            [req.environment.pk] if env_missing else [],
        )
        + _item(
            "We detected the following context fields that do not have matching legal values "
            "with the imported ones:",
            _bad_context_fields(req),
        )
        + _item(
            "You cannot import a features that already exist in other projects. You already have "
            f"the following features defined outside of project {req.project.pk}:",
            foreign,
        )
        + _item("We detected the following features are duplicate in your import data:", duplicates)
        + _item(
            "We detected the following segments in the import file that need to be created first:",
            _missing_segments(req),
        )
        + _item("The following strategy or variant data is invalid:", _invalid_data(req))
        + _item(
            "The following dependencies refer to flags that are neither in the file nor in the "
            "project:",
            _bad_dependencies(req),
        )
    )
    warnings = (
        _item(
            "The following strategy types will be used in import. Please make sure the strategy "
            "type parameters are configured as in source environment:",
            custom,
        )
        + _item(
            "The following features will not be imported as they are currently archived. To "
            "import them, please unarchive them first:",
            archived_names(req),
        )
        + _item(
            "The following features already exist in this project and will be overwritten:",
            overwritten,
        )
    )
    return {"errors": errors, "warnings": warnings, "permissions": []}
