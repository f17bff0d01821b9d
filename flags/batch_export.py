"""Export selector: flags of one environment in Unleash's `features-batch/export` shape."""

import json

from core.errors import NotFound, ValidationFailed
from flags.models import (
    ContextField,
    Dependency,
    Environment,
    Feature,
    FeatureEnvironment,
    FeatureLink,
    Segment,
    Strategy,
    TagType,
)
from flags.snapshots import context_field_snapshot, feature_snapshot, strategy_snapshot


def parse_export_query(body) -> dict:
    """Check an export request body: {features?: [str], tag?: "type:value", environment}."""
    if not isinstance(body, dict):
        raise ValidationFailed.at("", "the body must be a JSON object")
    errors = []
    environment = body.get("environment")
    if not isinstance(environment, str) or not environment:
        errors.append({"path": "environment", "message": "is required"})
    features, tag = body.get("features"), body.get("tag")
    if tag is not None and (not isinstance(tag, str) or not tag):
        errors.append({"path": "tag", "message": "must be a string like 'simple:value'"})
    if features is not None and (
        not isinstance(features, list) or not all(isinstance(f, str) for f in features)
    ):
        errors.append({"path": "features", "message": "must be a list of flag names"})
    if features is None and tag is None:
        errors.append({"path": "features", "message": "give the flags to export or a tag"})
    if errors:
        raise ValidationFailed.from_details(errors)
    return {"environment": environment, "features": features, "tag": tag}


def _select_features(query: dict) -> list[Feature]:
    qs = Feature.objects.active().select_related("project")
    if query["tag"] is not None:
        type_name, _, value = query["tag"].partition(":")
        return list(qs.filter(tags__type__name=type_name, tags__value=value).distinct())
    names = list(dict.fromkeys(query["features"]))
    found = {f.name: f for f in qs.filter(name__in=names)}
    missing = [n for n in names if n not in found]
    if missing:
        raise NotFound.from_details(
            [{"path": "features", "message": f"no active flag named {n!r}"} for n in missing]
        )
    return [found[n] for n in names]


def export_features(query: dict) -> dict:
    """The export body for the flags and environment of a parsed query."""
    if not Environment.objects.filter(pk=query["environment"]).exists():
        raise NotFound.at("environment", f"no environment {query['environment']!r}")
    features = _select_features(query)
    env = query["environment"]
    states = list(
        FeatureEnvironment.objects.filter(feature__in=features, environment_id=env).select_related(
            "feature"
        )
    )
    strategies = list(
        Strategy.objects.filter(feature_environment__in=states)
        .select_related("feature_environment__feature")
        .prefetch_related("segments")
        .order_by("feature_environment__feature__name", "sort_order", "created_at")
    )
    tags = [(f.name, tag) for f in features for tag in f.tags.select_related("type")]
    segment_ids = {s.id for strategy in strategies for s in strategy.segments.all()}
    return {
        # The audit snapshots are Unleash's shapes; `_select_features` takes active flags only.
        "features": [feature_snapshot(f) for f in features],
        "featureStrategies": [_strategy(s) for s in strategies],
        "featureEnvironments": [_environment(s) for s in states],
        "contextFields": _context_fields(states, strategies),
        "featureTags": [
            {"featureName": name, "tagType": t.type.name, "tagValue": t.value} for name, t in tags
        ],
        "segments": [
            {"id": s.id, "name": s.name} for s in Segment.objects.filter(id__in=segment_ids)
        ],
        "tagTypes": [
            {"name": t.name, "description": t.description, "icon": t.icon or None}
            for t in TagType.objects.filter(name__in={t.type.name for _, t in tags})
        ],
        "dependencies": _dependencies(features),
        "links": _links(features),
    }


def _links(features) -> list[dict]:
    """Per flag that has links: {feature, links: [{id, url, title}]}, as Unleash exports them."""
    rows = FeatureLink.objects.filter(feature__in=features).select_related("feature")
    by_feature: dict[str, list[dict]] = {}
    for link in rows.order_by("feature__name", "created_at", "id"):
        item = {"id": link.id, "url": link.url, "title": link.title}
        by_feature.setdefault(link.feature.name, []).append(item)
    return [{"feature": name, "links": items} for name, items in by_feature.items()]


def _strategy(strategy: Strategy) -> dict:
    return {
        **strategy_snapshot(strategy),
        "featureName": strategy.feature_environment.feature.name,
        "title": strategy.title or None,
    }


def _environment(state: FeatureEnvironment) -> dict:
    return {
        "enabled": state.enabled,
        "featureName": state.feature.name,
        "environment": state.environment_id,
        "variants": state.variants,
        "name": state.feature.name,
    }


def _used_context_names(states, strategies) -> set[str]:
    # As Unleash: only the fields that the exported strategies and variants refer to.
    names = set()
    for strategy in strategies:
        names.add(str(strategy.parameters.get("stickiness", "")))
        names.update(c.get("contextName", "") for c in strategy.constraints)
        names.update(v.get("stickiness", "") for v in strategy.variants)
    for state in states:
        for variant in state.variants:
            names.add(variant.get("stickiness", ""))
            names.update(o.get("contextName", "") for o in variant.get("overrides") or [])
    return names - {""}


def _context_fields(states, strategies) -> list[dict]:
    fields = ContextField.objects.filter(name__in=_used_context_names(states, strategies))
    return [context_field_snapshot(f) for f in fields]


def _dependencies(features) -> list[dict]:
    grouped: dict[str, list] = {}
    rows = Dependency.objects.filter(child__in=features).select_related("child", "parent")
    for dep in rows.order_by("child__name", "parent__name"):
        grouped.setdefault(dep.child.name, []).append(
            {"feature": dep.parent.name, "enabled": dep.enabled, "variants": dep.variants}
        )
    return [{"feature": name, "dependencies": deps} for name, deps in grouped.items()]


def dumps(result: dict) -> str:
    """The export as a file's text (the admin download and `manage.py export_batch`)."""
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def audit_export(result: dict, *, environment: str, actor) -> None:
    """Record `features-exported`, except while maintenance mode keeps the database read-only."""
    from core.audit import record_event
    from maintenance.errors import MaintenanceActive
    from maintenance.guard import ensure_writes_allowed

    try:
        ensure_writes_allowed()
    except MaintenanceActive:
        return
    names = [f["name"] for f in result["features"]]
    record_event(
        "features-exported", actor=actor, environment=environment, data={"features": names}
    )
