"""Import flags in Unleash's export format into one project and environment, in one transaction."""

from contextlib import contextmanager

from core.actors import Actor
from core.audit import record_event
from core.errors import ValidationFailed
from core.services import write_service
from flags.batch_validation import (
    ImportRequest,
    archived_names,
    local_segments,
    segment_names,
    validate_import,
)
from flags.models import ContextField, Feature, TagType
from flags.services.context_fields import context_field_create
from flags.services.dependencies import dependency_add, dependency_remove
from flags.services.environments import feature_set_enabled, feature_set_variants, feature_state
from flags.services.features import feature_create, feature_set_stale, feature_update
from flags.services.strategies import strategy_add, strategy_delete
from flags.services.tags import feature_tag_add, feature_tag_remove, tag_type_create


@contextmanager
def _record(path: str):
    """A service's refusal of one record, its error paths prefixed with that record's."""
    try:
        yield
    except ValidationFailed as exc:
        details = [
            {**d, "path": f"{path}.{d['path']}" if d.get("path") else path} for d in exc.details
        ] or [{"path": path, "message": exc.message}]
        raise ValidationFailed.from_details(details) from exc


def _refuse_errors(req: ImportRequest) -> None:
    errors = validate_import(req)["errors"]
    if errors:
        details = [
            {"path": "data", "message": f"{e['message']} {', '.join(map(str, e['affectedItems']))}"}
            for e in errors
        ]
        raise ValidationFailed.from_details(details)


def _without_archived(req: ImportRequest) -> ImportRequest:
    # As Unleash: flags archived in the target are left alone (validate warns about them).
    skip = set(archived_names(req))
    if not skip:
        return req
    data = dict(req.data)
    data["features"] = [f for f in data["features"] if f["name"] not in skip]
    for key in ("featureStrategies", "featureEnvironments", "featureTags"):
        data[key] = [i for i in data[key] if (i.get("featureName") or i.get("name")) not in skip]
    data["dependencies"] = [d for d in data["dependencies"] if d.get("feature") not in skip]
    return ImportRequest(project=req.project, environment=req.environment, data=data)


def _upsert_features(req: ImportRequest, actor: Actor) -> dict[str, Feature]:
    existing = {f.name: f for f in Feature.objects.filter(name__in=req.names)}
    result = {}
    for index, item in enumerate(req.data["features"]):
        with _record(f"data.features[{index}]"):
            feature = _upsert_feature(req, existing.get(item["name"]), item, actor)
        result[feature.name] = feature
    return result


def _upsert_feature(req: ImportRequest, feature, item: dict, actor: Actor) -> Feature:
    fields = {
        "type": item.get("type") or "release",
        "description": item.get("description") or "",
        "impression_data": bool(item.get("impressionData", False)),
    }
    if feature is None:
        feature = feature_create(project=req.project, name=item["name"], actor=actor, **fields)
        if item.get("stale"):
            feature = feature_set_stale(feature=feature, stale=True, actor=actor)
        return feature
    fields["stale"] = bool(item.get("stale", False))
    return feature_update(feature=feature, actor=actor, **fields)


def _import_context_fields(req: ImportRequest, actor: Actor) -> None:
    existing = set(ContextField.objects.values_list("name", flat=True))
    for index, field in enumerate(req.data["contextFields"]):
        if field.get("name") in existing:
            continue
        with _record(f"data.contextFields[{index}]"):
            context_field_create(
                actor=actor,
                name=field.get("name"),
                description=field.get("description") or "",
                stickiness=bool(field.get("stickiness", False)),
                legal_values=field.get("legalValues") or [],
            )
        existing.add(field.get("name"))


def _import_tag_types(req: ImportRequest, actor: Actor) -> None:
    existing = set(TagType.objects.values_list("name", flat=True))
    for index, tag_type in enumerate(req.data["tagTypes"]):
        if tag_type.get("name") in existing:
            continue
        with _record(f"data.tagTypes[{index}]"):
            tag_type_create(
                name=tag_type.get("name"),
                description=tag_type.get("description") or "",
                icon=tag_type.get("icon") or "",
                actor=actor,
            )
        existing.add(tag_type.get("name"))


def _import_tags(req: ImportRequest, features: dict[str, Feature], actor: Actor) -> None:
    _import_tag_types(req, actor)
    wanted = {name: {} for name in features}  # flag -> {(type, value): index in the file}
    for index, tag in enumerate(req.data["featureTags"]):
        wanted[tag["featureName"]][(tag.get("tagType"), tag.get("tagValue"))] = index
    for name, feature in features.items():
        current = {(t.type.name, t.value) for t in feature.tags.select_related("type")}
        for type_name, value in sorted(current - set(wanted[name])):
            feature_tag_remove(feature=feature, type=type_name, value=value, actor=actor)
        for key in sorted(set(wanted[name]) - current, key=str):
            with _record(f"data.featureTags[{wanted[name][key]}]"):
                feature_tag_add(feature=feature, type=key[0], value=key[1], actor=actor)


def _import_strategies(req: ImportRequest, features: dict[str, Feature], actor: Actor) -> None:
    env = req.environment
    for feature in features.values():
        for strategy in feature_state(feature, env).strategies.all():
            strategy_delete(strategy=strategy, actor=actor)
    names, local = segment_names(req), local_segments(req)
    for index, item in enumerate(req.data["featureStrategies"]):
        segments = [local[names[i]].id for i in item.get("segments") or []]
        spec = {
            "name": item["name"],
            "title": item.get("title") or "",
            "parameters": item.get("parameters") or {},
            "constraints": item.get("constraints") or [],
            "variants": item.get("variants") or [],
            "segments": segments,
            "disabled": bool(item.get("disabled", False)),
        }
        if isinstance(item.get("sortOrder"), int):
            spec["sort_order"] = item["sortOrder"]
        feature = features[item["featureName"]]
        with _record(f"data.featureStrategies[{index}]"):
            strategy_add(feature=feature, environment=env, actor=actor, **spec)


def _import_states(req: ImportRequest, features: dict[str, Feature], actor: Actor) -> None:
    env = req.environment
    for index, item in enumerate(req.data["featureEnvironments"]):
        feature = features.get(item.get("featureName") or item.get("name"))
        if feature is None:
            continue
        with _record(f"data.featureEnvironments[{index}]"):
            _import_state(feature, env, item, actor)


def _import_state(feature: Feature, env, item: dict, actor: Actor) -> None:
    variants = item.get("variants") or []
    if feature_state(feature, env).variants != variants:
        feature_set_variants(feature=feature, environment=env, variants=variants, actor=actor)
    if isinstance(item.get("enabled"), bool):
        feature_set_enabled(feature=feature, environment=env, enabled=item["enabled"], actor=actor)


def _import_dependencies(req: ImportRequest, features: dict[str, Feature], actor: Actor) -> None:
    for feature in features.values():
        if feature.dependencies.exists():
            dependency_remove(child=feature, parent=None, actor=actor)
    for index, entry in enumerate(req.data["dependencies"]):
        child = features.get(entry.get("feature"))
        for dep in entry.get("dependencies") or []:
            parent = features.get(dep["feature"]) or Feature.objects.get(name=dep["feature"])
            with _record(f"data.dependencies[{index}]"):
                dependency_add(
                    child=child,
                    parent=parent,
                    actor=actor,
                    enabled=dep.get("enabled", True),
                    variants=dep.get("variants") or [],
                )


@write_service
def import_batch(req: ImportRequest, *, actor: Actor) -> dict:
    """Create or overwrite the file's flags; all or nothing. Returns a short summary."""
    _refuse_errors(req)
    skipped = archived_names(req)
    req = _without_archived(req)
    if not req.project.environments.filter(pk=req.environment.pk).exists():
        raise ValidationFailed.at("environment", "is not enabled for the project")
    features = _upsert_features(req, actor)
    _import_context_fields(req, actor)
    _import_tags(req, features, actor)
    _import_strategies(req, features, actor)
    _import_states(req, features, actor)
    _import_dependencies(req, features, actor)
    summary = {"features": sorted(features), "skippedArchived": skipped}
    record_event(
        "features-imported",
        actor=actor,
        project=req.project.pk,
        environment=req.environment.pk,
        data=summary,
    )
    return summary
