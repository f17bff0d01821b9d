"""Reads of aggregated metrics for the admin API, the admin pages and the charts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, Func, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from flags.models import Environment, Feature
from metrics.aggregates import ClientApplication, ClientInstance, FeatureHourlyMetric, UnknownFlag

# Chart periods: label -> (hours covered, hours per bar).
PERIODS = {"48h": (48, 1), "7d": (24 * 7, 6), "30d": (24 * 30, 24)}
DEFAULT_PERIOD = "48h"


def hour_floor(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def last_hour_counts() -> dict:
    """Annotations metric_yes/metric_no: a flag state's SDK counts since the last full hour.

    Unleash shows the counts of the current metrics hour on its flag reads.
    """
    since = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    rows = FeatureHourlyMetric.objects.filter(
        feature_name=OuterRef("feature__name"),
        environment=OuterRef("environment_id"),
        hour__gte=since,
    ).order_by()
    counts = {}
    for column in ("yes", "no"):
        total = rows.values("feature_name").annotate(n=Func(F(column), function="SUM"))
        counts[f"metric_{column}"] = Coalesce(Subquery(total.values("n")[:1]), 0)
    return counts


def raw_metrics(feature_name: str, hours_back: int, now: datetime | None = None) -> list:
    """Hourly rows of one flag over the last ``hours_back`` hours, oldest first."""
    since = hour_floor((now or timezone.now()) - timedelta(hours=hours_back))
    return list(
        FeatureHourlyMetric.objects.filter(feature_name=feature_name, hour__gte=since).order_by(
            "hour", "environment", "app_name"
        )
    )


@dataclass(slots=True)
class EnvironmentUsage:
    environment: str
    timestamp: datetime
    yes: int = 0
    no: int = 0


def last_hour_usage(feature_name: str, now: datetime | None = None) -> list[EnvironmentUsage]:
    """Yes/no per environment over the last hour (the current and the previous hour rows)."""
    usage: dict[str, EnvironmentUsage] = {}
    for row in raw_metrics(feature_name, 1, now):
        entry = usage.setdefault(row.environment, EnvironmentUsage(row.environment, row.hour))
        entry.yes += row.yes
        entry.no += row.no
    return sorted(usage.values(), key=lambda entry: entry.environment)


def seen_applications(feature_name: str) -> list[str]:
    rows = FeatureHourlyMetric.objects.filter(feature_name=feature_name)
    return list(rows.order_by("app_name").values_list("app_name", flat=True).distinct())


def seen_features(app_name: str) -> list[str]:
    rows = FeatureHourlyMetric.objects.filter(app_name=app_name)
    return list(rows.order_by("feature_name").values_list("feature_name", flat=True).distinct())


@dataclass(slots=True)
class Series:
    """One environment's yes/no per bar, oldest first."""

    environment: str
    starts: list[datetime]
    yes: list[int]
    no: list[int]

    @property
    def total_yes(self) -> int:
        return sum(self.yes)

    @property
    def total_no(self) -> int:
        return sum(self.no)


def _environment_order() -> dict[str, int]:
    names = Environment.objects.order_by("sort_order", "name").values_list("name", flat=True)
    return {name: index for index, name in enumerate(names)}


def usage_series(feature_name: str, period: str, now: datetime | None = None) -> list[Series]:
    """Yes/no per environment in bars of the period's width (empty bars included)."""
    hours, width = PERIODS.get(period, PERIODS[DEFAULT_PERIOD])
    end = hour_floor(now or timezone.now()) + timedelta(hours=1)
    start = end - timedelta(hours=hours)
    starts = [start + timedelta(hours=width * i) for i in range(hours // width)]
    sums = (
        FeatureHourlyMetric.objects.filter(feature_name=feature_name, hour__gte=start)
        .values("environment", "hour")
        .annotate(yes_sum=Sum("yes"), no_sum=Sum("no"))
    )
    per_env: dict[str, Series] = {}
    for row in sums:
        series = per_env.setdefault(
            row["environment"],
            Series(row["environment"], starts, [0] * len(starts), [0] * len(starts)),
        )
        index = int((row["hour"] - start).total_seconds() // 3600) // width
        if 0 <= index < len(starts):
            series.yes[index] += row["yes_sum"]
            series.no[index] += row["no_sum"]
    order = _environment_order()
    return sorted(per_env.values(), key=lambda s: (order.get(s.environment, 999), s.environment))


@dataclass(slots=True)
class ApplicationSummary:
    application: ClientApplication
    instance_count: int = 0
    environments: list[str] = field(default_factory=list)
    instance_sdks: list[str] = field(default_factory=list)


def applications() -> list[ApplicationSummary]:
    """Every application with its live instance count, environments and SDK versions."""
    summaries = {app.app_name: ApplicationSummary(app) for app in ClientApplication.objects.all()}
    per_app = defaultdict(lambda: {"envs": set(), "sdks": set(), "count": 0})
    for instance in ClientInstance.objects.values("app_name", "environment", "sdk_version"):
        data = per_app[instance["app_name"]]
        data["envs"].add(instance["environment"])
        if instance["sdk_version"]:
            data["sdks"].add(instance["sdk_version"])
        data["count"] += 1
    for name, summary in summaries.items():
        data = per_app[name]
        summary.instance_count = data["count"]
        summary.environments = sorted(data["envs"])
        summary.instance_sdks = sorted(data["sdks"])
    return list(summaries.values())


def application(app_name: str) -> ClientApplication | None:
    return ClientApplication.objects.filter(app_name=app_name).first()


def instances_of(app_name: str, environment: str | None = None) -> list[ClientInstance]:
    rows = ClientInstance.objects.filter(app_name=app_name)
    if environment is not None:
        rows = rows.filter(environment=environment)
    return list(rows.order_by("-last_seen_at"))


@dataclass(slots=True)
class ProjectApplication:
    name: str
    environments: list[str]
    instances: list[str]
    sdks: dict[str, list[str]]


def project_applications(project_id: str) -> list[ProjectApplication]:
    """Apps that reported metrics for the project's flags, with their instances and SDKs."""
    flags = Feature.objects.filter(project_id=project_id).values("name")
    pairs = (
        FeatureHourlyMetric.objects.filter(feature_name__in=flags)
        .values_list("app_name", "environment")
        .distinct()
    )
    envs: dict[str, set[str]] = defaultdict(set)
    for app_name, environment in pairs:
        envs[app_name].add(environment)
    result = []
    for app_name in sorted(envs):
        instances = ClientInstance.objects.filter(
            app_name=app_name, environment__in=envs[app_name]
        ).values_list("instance_id", "sdk_version")
        sdks: dict[str, set[str]] = defaultdict(set)
        for _id, sdk in instances:
            if sdk:
                name, _sep, version = sdk.partition(":")
                sdks[name].add(version)
        result.append(
            ProjectApplication(
                app_name,
                sorted(envs[app_name]),
                sorted({i for i, _sdk in instances}),
                {n: sorted(v) for n, v in sorted(sdks.items())},
            )
        )
    return result


def known_features(names: list[str]) -> dict[str, Feature]:
    features = Feature.objects.filter(name__in=names).select_related("project")
    return {feature.name: feature for feature in features}


def unknown_flags() -> list[UnknownFlag]:
    return list(UnknownFlag.objects.order_by("-last_seen_at", "name"))
