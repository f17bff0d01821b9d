"""Reads behind the admin home: flags per environment, flags needing attention, recent changes."""

from dataclasses import dataclass

from django.db.models import Count, Q

from core.models import Event
from flags.models import ApiToken, Environment, Feature, Project
from flags.staleness import potentially_stale_q

ATTENTION_LIMIT = 5
RECENT_LIMIT = 8


@dataclass(frozen=True)
class EnvironmentCount:
    name: str
    type: str
    enabled: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.enabled / self.total) if self.total else 0


@dataclass(frozen=True)
class Attention:
    count: int
    flags: list  # up to ATTENTION_LIMIT (name, pk, project_id, type) rows


def flags_per_environment() -> list[EnvironmentCount]:
    """Each environment with how many active flags are on there, out of those it carries."""
    active = Q(feature_states__feature__archived_at__isnull=True)
    rows = Environment.objects.annotate(
        total=Count("feature_states", filter=active),
        on=Count("feature_states", filter=active & Q(feature_states__enabled=True)),
    ).values_list("name", "type", "on", "total")
    return [EnvironmentCount(name, kind, on, total) for name, kind, on, total in rows]


def _attention(queryset) -> Attention:
    rows = list(
        queryset.order_by("created_at", "name").values_list("name", "pk", "project_id", "type")[
            :ATTENTION_LIMIT
        ]
    )
    count = len(rows) if len(rows) < ATTENTION_LIMIT else queryset.count()
    return Attention(count, rows)


def stale_flags() -> Attention:
    """Active flags someone marked stale, oldest first."""
    return _attention(Feature.objects.active().filter(stale=True))


def potentially_stale_flags(now=None) -> Attention:
    """Active, not yet stale flags past their expected lifetime, oldest first."""
    return _attention(Feature.objects.active().filter(potentially_stale_q(now), stale=False))


def recent_changes(limit: int = RECENT_LIMIT) -> list[Event]:
    """The newest audit events (without their data, which the home does not show)."""
    return list(Event.objects.defer("data", "pre_data").order_by("-id")[:limit])


@dataclass(frozen=True)
class Setup:
    """What a new install has done so far, for the getting-started list."""

    projects: int
    flags: int
    tokens: int
    enabled: int

    @property
    def empty(self) -> bool:
        return self.flags == 0


def setup_progress() -> Setup:
    """Counts for the getting-started steps."""
    counts = Project.objects.aggregate(projects=Count("pk"))
    counts |= Feature.objects.aggregate(
        flags=Count("pk", filter=Q(archived_at__isnull=True)),
        enabled=Count(
            "env_states",
            filter=Q(env_states__enabled=True, archived_at__isnull=True),
            distinct=True,
        ),
    )
    counts["tokens"] = ApiToken.objects.count()
    return Setup(**counts)
