"""Selector: the /api/client/features body (Unleash wire names) read from the database."""

from django.db.models import Q

from flags.models import Dependency, Environment, Feature, FeatureEnvironment, Segment, Strategy
from flags.payload.query import PayloadQuery
from flags.validation import string_value


def build_body(query: PayloadQuery) -> dict:
    """The body, without `meta` (the cache layer adds it); a handful of queries, no N+1."""
    features = _features(query)
    ids = [f["id"] for f in features]
    env_enabled = Environment.objects.filter(pk=query.environment, enabled=True).exists()
    states = {
        row["feature_id"]: row
        for row in FeatureEnvironment.objects.filter(
            environment_id=query.environment, feature_id__in=ids
        ).values("id", "feature_id", "enabled", "variants")
    }
    strategies = _strategies([s["id"] for s in states.values()])
    segments = _segments(strategies)
    dependencies = _dependencies(ids)
    by_state: dict = {}
    for strategy in strategies:
        by_state.setdefault(strategy["feature_environment_id"], []).append(strategy)
    body = {
        "version": 2,
        "features": [
            _feature(f, states.get(f["id"]), env_enabled, by_state, segments, dependencies, query)
            for f in features
        ],
    }
    if not query.inline_segments:
        used = sorted({sid for s in strategies for sid in s["segment_ids"]})
        body["segments"] = [_segment_wire(segments[sid]) for sid in used if sid in segments]
    body["query"] = _query_wire(query)
    return body


def _features(query: PayloadQuery) -> list[dict]:
    qs = Feature.objects.active()
    if query.projects is not None:
        qs = qs.filter(project_id__in=query.projects)
    if query.names is not None:
        qs = qs.filter(name__in=query.names)
    if query.name_prefix:
        qs = qs.filter(name__startswith=query.name_prefix)
    if query.tags:
        any_tag = Q()
        for tag_type, value in query.tags:
            any_tag |= Q(tags__type__name=tag_type, tags__value=value)
        qs = qs.filter(any_tag).distinct()
    fields = ("id", "name", "type", "description", "project_id", "stale", "impression_data")
    return list(qs.order_by("name").values(*fields))


def _strategies(state_ids: list[int]) -> list[dict]:
    rows = list(
        Strategy.objects.filter(feature_environment_id__in=state_ids, disabled=False)
        .order_by("sort_order", "created_at")
        .values("id", "feature_environment_id", "name", "parameters", "constraints", "variants")
    )
    links: dict = {}
    through = Strategy.segments.through.objects.filter(strategy_id__in=[r["id"] for r in rows])
    for strategy_id, segment_id in through.values_list("strategy_id", "segment_id"):
        links.setdefault(strategy_id, []).append(segment_id)
    for row in rows:
        row["segment_ids"] = sorted(links.get(row["id"], []))
    return rows


def _segments(strategies: list[dict]) -> dict[int, dict]:
    ids = {sid for s in strategies for sid in s["segment_ids"]}
    rows = Segment.objects.filter(id__in=ids).values("id", "name", "constraints")
    return {row["id"]: row for row in rows}


def _dependencies(feature_ids: list[int]) -> dict[int, list[dict]]:
    result: dict = {}
    rows = (
        Dependency.objects.filter(child_id__in=feature_ids)
        .order_by("parent__name")
        .values("child_id", "parent__name", "enabled", "variants")
    )
    for row in rows:
        wire = {"feature": row["parent__name"], "enabled": row["enabled"]}
        if row["enabled"]:
            wire["variants"] = list(row["variants"] or [])
        result.setdefault(row["child_id"], []).append(wire)
    return result


def _feature(feature, state, env_enabled, by_state, segments, dependencies, query) -> dict:
    strategies = by_state.get(state["id"], []) if state else []
    wire = {
        "name": feature["name"],
        "type": feature["type"],
        "description": feature["description"],
        "project": feature["project_id"],
        "enabled": bool(env_enabled and state and state["enabled"]),
        "stale": feature["stale"],
        "impressionData": feature["impression_data"],
        "strategies": [_strategy_wire(s, segments, query.inline_segments) for s in strategies],
        "variants": list(state["variants"] or []) if state else [],
    }
    if feature["id"] in dependencies:
        wire["dependencies"] = dependencies[feature["id"]]
    return wire


def _strategy_wire(strategy: dict, segments: dict, inline: bool) -> dict:
    constraints = list(strategy["constraints"] or [])
    wire = {
        "name": strategy["name"],
        "constraints": constraints,
        "parameters": {k: string_value(v) for k, v in (strategy["parameters"] or {}).items()},
        "variants": list(strategy["variants"] or []),
    }
    if inline:
        for sid in strategy["segment_ids"]:
            constraints.extend(segments[sid]["constraints"] or [])
    elif strategy["segment_ids"]:
        wire["segments"] = strategy["segment_ids"]
    return wire


def _segment_wire(segment: dict) -> dict:
    return {
        "id": segment["id"],
        "name": segment["name"],
        "constraints": list(segment["constraints"] or []),
    }


def _query_wire(query: PayloadQuery) -> dict:
    wire = {
        "project": list(query.projects) if query.projects is not None else ["*"],
        "environment": query.environment,
        "inlineSegmentConstraints": query.inline_segments,
    }
    if query.name_prefix:
        wire["namePrefix"] = query.name_prefix
    if query.tags:
        wire["tag"] = [[t, v] for t, v in query.tags]
    return wire
