"""Non-trivial reads: flags with their details, feature search and event search.

Search filters use Unleash's operator syntax, e.g. `project=IS_ANY_OF:default,web` or
`createdAt=IS_ON_OR_AFTER:2024-01-01`; a malformed filter is a ValidationFailed naming it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.errors import ValidationFailed
from core.models import Event
from flags.models import (
    ApiToken,
    Dependency,
    Environment,
    Feature,
    FeatureEnvironment,
    Project,
    Strategy,
)
from flags.staleness import potentially_stale_q

# What other apps add to flag-state reads (register_state_annotations).
_STATE_ANNOTATIONS: list[Callable[[], dict]] = []
OPERATOR_LIKE = re.compile(r"[A-Z]+(?:_[A-Z]+)+|IS")
MAX_LIMIT = 1000
DEFAULT_LIMIT = 50
EQUALITY_OPS = {"IS", "IS_NOT", "IS_ANY_OF", "IS_NONE_OF"}
INCLUSION_OPS = {
    "INCLUDE",
    "DO_NOT_INCLUDE",
    "INCLUDE_ALL_OF",
    "INCLUDE_ANY_OF",
    "EXCLUDE_IF_ANY_OF",
    "EXCLUDE_ALL",
}
DATE_OPS = {"IS_BEFORE", "IS_ON_OR_AFTER"}
FEATURE_SORTS = {
    "name": "name",
    "type": "type",
    "createdAt": "created_at",
    "lastSeenAt": "last_seen_at",
    "project": "project_id",
    "stale": "stale",
}


@dataclass(frozen=True)
class Filter:
    operator: str
    values: tuple[str, ...]


def parse_filter(param: str, raw: str, allowed: set[str]) -> Filter:
    """`OP:a,b` -> Filter; a bare value means `IS:value`."""
    operator, sep, rest = raw.partition(":")
    if not sep or operator not in allowed:
        if "IS" not in allowed or (sep and OPERATOR_LIKE.fullmatch(operator)):
            ops = ", ".join(sorted(allowed))
            raise ValidationFailed.at(param, f"must look like OPERATOR:value with one of {ops}")
        operator, rest = "IS", raw
    values = tuple(v.strip() for v in rest.split(",") if v.strip())
    if not values:
        raise ValidationFailed.at(param, "needs at least one value")
    return Filter(operator, values)


def _equality(qs: QuerySet, field: str, f: Filter) -> QuerySet:
    if f.operator in {"IS", "IS_ANY_OF"}:
        return qs.filter(**{f"{field}__in": f.values})
    return qs.exclude(**{f"{field}__in": f.values})


def parse_date(param: str, value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value), time.min)
        except ValueError as exc:
            raise ValidationFailed.at(param, "must be a date such as 2024-01-31") from exc
    if parsed.year < 2 or parsed.year > 9998:
        raise ValidationFailed.at(param, "must be a date between years 2 and 9998")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    return parsed


def _date(qs: QuerySet, field: str, param: str, f: Filter) -> QuerySet:
    when = parse_date(param, f.values[0])
    if f.operator == "IS_BEFORE":
        return qs.filter(**{f"{field}__lt": when})
    return qs.filter(**{f"{field}__gte": when})


def _inclusion(qs: QuerySet, ids_matching, f: Filter) -> QuerySet:
    """ids_matching(value) -> a Q selecting flags that have `value` (a tag, a segment)."""
    qs_any = Q()
    for value in f.values:
        qs_any |= ids_matching(value)
    if f.operator in {"INCLUDE", "INCLUDE_ANY_OF"}:
        return qs.filter(qs_any)
    if f.operator in {"DO_NOT_INCLUDE", "EXCLUDE_IF_ANY_OF"}:
        return qs.exclude(qs_any)
    if f.operator == "INCLUDE_ALL_OF":
        for value in f.values:
            qs = qs.filter(ids_matching(value))
        return qs
    # EXCLUDE_ALL: drop the flags that have every one of the values
    having_all = Feature.objects.all()
    for value in f.values:
        having_all = having_all.filter(ids_matching(value))
    return qs.exclude(pk__in=having_all.values("pk"))


def _tag_q(value: str) -> Q:
    type_name, sep, tag_value = value.partition(":")
    if not sep:
        return Q(pk__in=Feature.objects.filter(tags__type__name=type_name).values("pk"))
    matching = Feature.objects.filter(tags__type__name=type_name, tags__value=tag_value)
    return Q(pk__in=matching.values("pk"))


def _segment_q(value: str) -> Q:
    matching = Strategy.objects.filter(segments__name=value).values(
        "feature_environment__feature_id"
    )
    return Q(pk__in=matching)


def with_details(qs: QuerySet) -> QuerySet:
    """Prefetch everything the feature serializers read (a fixed number of queries)."""
    strategies = Strategy.objects.select_related("feature_environment__feature").prefetch_related(
        "segments"
    )
    states = (
        FeatureEnvironment.objects.select_related("environment")
        .annotate(**state_annotations())
        .prefetch_related(Prefetch("strategies", queryset=strategies))
    )
    return (
        qs.select_related("project", "created_by")
        .annotate(creator_name=creator_name())
        .prefetch_related(
            Prefetch("env_states", queryset=states),
            "tags__type",
            Prefetch("dependencies", queryset=Dependency.objects.select_related("parent")),
            Prefetch("dependents", queryset=Dependency.objects.select_related("child")),
            "lifecycle_stages",
            "links",
        )
    )


def creator_name():
    """Who created each flag, from its feature-created event (tokens have no user row)."""
    created = Event.objects.filter(feature_name=OuterRef("name"), type="feature-created")
    return Subquery(created.order_by("id").values("created_by")[:1])


def register_state_annotations(annotations: Callable[[], dict]) -> None:
    """Add annotations to every flag-state read (metrics adds its last-hour counts).

    Called from other apps' AppConfig.ready(), so flags never imports them.
    """
    if annotations not in _STATE_ANNOTATIONS:
        _STATE_ANNOTATIONS.append(annotations)


def state_annotations() -> dict:
    """The annotations every registered app adds to a flag state (FeatureEnvironment)."""
    merged: dict = {}
    for annotations in _STATE_ANNOTATIONS:
        merged.update(annotations())
    return merged


def flag_collaborators(feature_name: str) -> tuple[list[tuple], dict]:
    """(created_by_user_id, created_by) of everyone who wrote to a flag, and their user rows."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    authors = list(
        Event.objects.filter(feature_name=feature_name)
        .order_by()
        .values_list("created_by_user_id", "created_by")
        .distinct()
    )
    ids = {uid for uid, _by in authors if uid is not None}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}
    return sorted(authors, key=lambda a: (a[0] is None, a[0] or 0, a[1])), users


@dataclass(frozen=True)
class Page:
    items: list
    total: int


def _paging(params) -> tuple[int, int]:
    try:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or DEFAULT_LIMIT)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed.at("offset", "offset and limit must be integers") from exc
    if offset < 0 or limit < 1:
        raise ValidationFailed.at("limit", "offset must be >= 0 and limit >= 1")
    return offset, min(limit, MAX_LIMIT)


def apply_feature_filters(qs: QuerySet, params) -> QuerySet:
    """The search API's filter parameters (project, type, tag, ...) applied to `qs`."""
    for param, field in (("project", "project_id"), ("type", "type")):
        if params.get(param):
            qs = _equality(qs, field, parse_filter(param, params[param], EQUALITY_OPS))
    for param, field in (("createdAt", "created_at"), ("lastSeenAt", "last_seen_at")):
        if params.get(param):
            qs = _date(qs, field, param, parse_filter(param, params[param], DATE_OPS))
    if params.get("tag"):
        qs = _inclusion(qs, _tag_q, parse_filter("tag", params["tag"], INCLUSION_OPS))
    if params.get("segment"):
        qs = _inclusion(qs, _segment_q, parse_filter("segment", params["segment"], INCLUSION_OPS))
    if params.get("createdBy"):
        f = parse_filter("createdBy", params["createdBy"], EQUALITY_OPS)
        qs = _equality(qs, "created_by_id", Filter(f.operator, _ints("createdBy", f.values)))
    if params.get("state"):
        qs = _state(qs, parse_filter("state", params["state"], EQUALITY_OPS))
    return qs


def _state(qs: QuerySet, f: Filter) -> QuerySet:
    # As Unleash: active means not stale (potentially stale flags are active too).
    known = {
        "stale": Q(stale=True),
        "active": Q(stale=False),
        "potentially-stale": Q(stale=False) & potentially_stale_q(),
    }
    unknown = [v for v in f.values if v not in known]
    if unknown:
        raise ValidationFailed.at(
            "state", f"unknown state {unknown[0]!r}; use stale, active or potentially-stale"
        )
    q = Q()
    for value in f.values:
        q |= known[value]
    return qs.filter(q) if f.operator in {"IS", "IS_ANY_OF"} else qs.exclude(q)


def _ints(param: str, values) -> tuple[int, ...]:
    try:
        return tuple(int(v) for v in values)
    except ValueError as exc:
        raise ValidationFailed.at(param, "values must be user ids") from exc


def _sort(params, fields: dict, default: str) -> list[str]:
    sort_by = params.get("sortBy") or default
    if sort_by not in fields:
        raise ValidationFailed.at("sortBy", f"must be one of {sorted(fields)}")
    order = (params.get("sortOrder") or "asc").lower()
    if order not in {"asc", "desc"}:
        raise ValidationFailed.at("sortOrder", "must be asc or desc")
    field = fields[sort_by]
    return [f"-{field}" if order == "desc" else field, "name" if field != "name" else "pk"]


def search_features(params) -> Page:
    """Unleash's GET /api/admin/search/features: query, filters, paging and sorting."""
    archived = (params.get("archived") or "").upper() in {"IS:TRUE", "TRUE"}
    qs = Feature.objects.archived() if archived else Feature.objects.active()
    query = (params.get("query") or "").strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(description__icontains=query)
            | Q(pk__in=Feature.objects.filter(tags__value__icontains=query).values("pk"))
        )
    qs = apply_feature_filters(qs, params)
    offset, limit = _paging(params)
    ordering = _sort(params, FEATURE_SORTS, "createdAt")
    total = qs.count()
    page = list(with_search_details(qs.order_by(*ordering))[offset : offset + limit])
    for feature in page:
        _annotate_search(feature)
    return Page(page, total)


def with_search_details(qs: QuerySet) -> QuerySet:
    enabled = Strategy.objects.filter(feature_environment=OuterRef("pk"), disabled=False)
    states = (
        FeatureEnvironment.objects.select_related("environment")
        .annotate(
            has_strategies=Exists(Strategy.objects.filter(feature_environment=OuterRef("pk"))),
            has_enabled_strategies=Exists(enabled),
        )
        .annotate(**state_annotations())
        .prefetch_related("strategies__segments")
    )
    return (
        qs.select_related("project", "created_by")
        .annotate(creator_name=creator_name())
        .prefetch_related(
            Prefetch("env_states", queryset=states),
            "tags__type",
            "dependencies",
            "dependents",
            "lifecycle_stages",
            "links",
        )
    )


def _annotate_search(feature: Feature) -> None:
    names = {
        segment.name
        for state in feature.env_states.all()
        for strategy in state.strategies.all()
        for segment in strategy.segments.all()
    }
    feature.segment_names = sorted(names)
    if feature.dependencies.all():
        feature.dependency_type = "child"
    elif feature.dependents.all():
        feature.dependency_type = "parent"
    else:
        feature.dependency_type = None


EVENT_FILTERS = {"project": "project", "feature": "feature_name", "environment": "environment"}


def search_events(params) -> Page:
    """Unleash's GET /api/admin/search/events: newest first, filtered and paged."""
    qs = Event.objects.all()
    query = (params.get("query") or "").strip()
    if query:
        qs = qs.filter(
            Q(type__icontains=query)
            | Q(created_by__icontains=query)
            | Q(feature_name__icontains=query)
            | Q(project__icontains=query)
        )
    for param, field in EVENT_FILTERS.items():
        if params.get(param):
            qs = _equality(qs, field, parse_filter(param, params[param], EQUALITY_OPS))
    if params.get("type"):
        qs = _equality(qs, "type", parse_filter("type", params["type"], EQUALITY_OPS))
    if params.get("createdBy"):
        f = parse_filter("createdBy", params["createdBy"], EQUALITY_OPS)
        qs = _equality(qs, "created_by_user_id", Filter(f.operator, _ints("createdBy", f.values)))
    for param in ("from", "to"):
        if params.get(param):
            f = parse_filter(param, params[param], DATE_OPS | {"IS"})
            when = parse_date(param, f.values[0])
            if f.operator == "IS":  # a bare date: from = that day, to = through that day
                op = "IS_ON_OR_AFTER" if param == "from" else "IS_BEFORE"
                when = when if param == "from" else when + timedelta(days=1)
                f = Filter(op, f.values)
            lookup = "created_at__lt" if f.operator == "IS_BEFORE" else "created_at__gte"
            qs = qs.filter(**{lookup: when})
    offset, limit = _paging(params)
    total = qs.count()
    return Page(list(qs.order_by("-id")[offset : offset + limit]), total)


# --- counts in environment and project lists (Unleash's keys) ------------------------------


def _count(queryset, field: str = "pk"):
    """A correlated COUNT subquery (several counts in one query without join blow-up)."""
    counted = queryset.order_by().values(field).annotate(n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted.values("n")[:1]), 0)


def environments_with_counts() -> QuerySet:
    """Environments with projectCount, apiTokenCount and enabledToggleCount as Unleash lists."""
    env = OuterRef("pk")
    return Environment.objects.annotate(
        project_count=_count(
            Project.environments.through.objects.filter(environment=env), "environment"
        ),
        api_token_count=_count(ApiToken.objects.filter(environment=env), "environment"),
        enabled_toggle_count=_count(
            FeatureEnvironment.objects.filter(
                environment=env, enabled=True, feature__archived_at__isnull=True
            ),
            "environment",
        ),
    )


def project_environments(project_id: str) -> list:
    """Every environment with the project's token and enabled-flag counts, and visibility."""
    env = OuterRef("pk")
    used = set(
        Project.environments.through.objects.filter(project_id=project_id).values_list(
            "environment_id", flat=True
        )
    )
    tokens = [
        t
        for t in ApiToken.objects.filter(environment__isnull=False).values(
            "environment_id", "projects"
        )
        if "*" in (t["projects"] or []) or project_id in (t["projects"] or [])
    ]
    rows = list(
        Environment.objects.annotate(
            enabled_toggle_count=_count(
                FeatureEnvironment.objects.filter(
                    environment=env,
                    enabled=True,
                    feature__archived_at__isnull=True,
                    feature__project_id=project_id,
                ),
                "environment",
            )
        )
    )
    for environment in rows:
        environment.visible = environment.name in used
        environment.project_token_count = sum(
            1 for t in tokens if t["environment_id"] == environment.name
        )
    return rows


def projects_with_stats() -> QuerySet:
    """Projects with the flag counts and dates Unleash's project list shows."""
    active = Q(features__archived_at__isnull=True)
    return Project.objects.annotate(
        feature_count=Count("features", filter=active),
        stale_count=Count("features", filter=active & Q(features__stale=True)),
        last_reported_flag_usage=Max("features__last_seen_at", filter=active),
    ).prefetch_related("environments")
