"""Reads behind the SDK-health routes: unknown flags, outdated SDKs, an application overview."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from core.models import Event
from flags.models import Feature, StrategyDefinition
from metrics.aggregates import ClientApplication, ClientInstance, FeatureHourlyMetric, UnknownFlag

UNKNOWN_FLAGS_LIMIT = 1000
# The oldest SDK releases Unleash 8.2 still calls current (its findOutdatedSdks table).
MIN_SDK_VERSIONS = {
    "unleash-client-node": "5.3.2",
    "unleash-client-nextjs": "1.6.2",
    "unleash-client-java": "9.2.0",
    "unleash-client-go": "4.1.0",
    "unleash-client-python": "5.11.0",
    "unleash-client-ruby": "5.0.0",
    "unleash-client-dotnet": "4.1.3",
    "unleash-client-php": "2.3.0",
    "unleash-node-sdk": "6.6.0",
    "unleash-nextjs-sdk": "1.6.2",
    "unleash-java-sdk": "11.0.2",
    "unleash-go-sdk": "5.0.3",
    "unleash-python-sdk": "6.3.0",
    "unleash-ruby-sdk": "6.3.1",
    "unleash-dotnet-sdk": "5.3.0",
    "unleash-php-sdk": "2.9.1",
}
# Strategy names Unleash no longer defines but never reports as missing.
DEPRECATED_STRATEGIES = {
    "gradualRolloutRandom",
    "gradualRolloutSessionId",
    "gradualRolloutUserId",
    "userWithId",
}
SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")


def _semver(text: str) -> tuple[int, int, int, int] | None:
    """(major, minor, patch, 0 for a pre-release else 1), or None when not a version."""
    match = SEMVER.match(text.strip())
    if match is None:
        return None
    major, minor, patch, pre = match.group(1, 2, 3, 4)
    return int(major), int(minor), int(patch), 0 if pre else 1


def is_outdated(sdk_version: str | None) -> bool:
    """An "<sdk>:<version>" older than the minimum Unleash recommends for that SDK."""
    if not sdk_version or ":" not in sdk_version:
        return False
    name, _sep, version = sdk_version.partition(":")
    minimum = MIN_SDK_VERSIONS.get(name)
    have = _semver(version.split(":")[0])
    return bool(minimum and have and have < _semver(minimum))


def unknown_flags() -> list[dict]:
    """Flags SDKs asked for that do not exist (any more), grouped by name, name order."""
    existing = Feature.objects.values("name")
    rows = UnknownFlag.objects.exclude(name__in=existing).order_by("name", "app_name")
    names = sorted({row.name for row in rows})[:UNKNOWN_FLAGS_LIMIT]
    events = dict(
        Event.objects.filter(feature_name__in=names)
        .values("feature_name")
        .annotate(last=Max("created_at"))
        .values_list("feature_name", "last")
    )
    reports: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    for row in rows.filter(name__in=names):
        seen = reports[row.name][row.app_name]
        seen[row.environment] = max(row.last_seen_at, seen.get(row.environment, row.last_seen_at))
    return [_unknown_flag(name, reports[name], events.get(name)) for name in names]


def _unknown_flag(name: str, apps: dict[str, dict], last_event) -> dict:
    every = [moment for envs in apps.values() for moment in envs.values()]
    return {
        "name": name,
        "lastSeenAt": max(every),
        "lastEventAt": last_event,
        "reports": [
            {
                "appName": app,
                "environments": [
                    {"environment": env, "seenAt": at} for env, at in sorted(envs.items())
                ],
            }
            for app, envs in sorted(apps.items())
        ],
    }


def outdated_sdks(project_id: str | None = None) -> list[dict]:
    """Outdated SDK versions with the applications using them (in a project: that used its
    flags)."""
    instances = ClientInstance.objects.exclude(sdk_version="")
    if project_id is not None:
        apps = FeatureHourlyMetric.objects.filter(
            feature_name__in=Feature.objects.filter(project_id=project_id).values("name")
        ).values("app_name")
        instances = instances.filter(app_name__in=apps)
    by_version: dict[str, set[str]] = defaultdict(set)
    for version, app in instances.values_list("sdk_version", "app_name").distinct():
        by_version[version].add(app)
    return [
        {"sdkVersion": version, "applications": sorted(apps)}
        for version, apps in sorted(by_version.items())
        if is_outdated(version)
    ]


def application_overview(app_name: str, sdk_type) -> dict | None:
    """Unleash's overview of one application: its projects, flags and environments (None if
    the application is unknown). ``sdk_type`` tells a frontend SDK from a backend one."""
    app = ClientApplication.objects.filter(app_name=app_name).first()
    if app is None:
        return None
    used = FeatureHourlyMetric.objects.filter(app_name=app_name)
    by_env: dict[str, set[str]] = defaultdict(set)
    for environment, name in used.values_list("environment", "feature_name").distinct():
        by_env[environment].add(name)
    names = set().union(*by_env.values()) if by_env else set()
    projects = dict(Feature.objects.filter(name__in=names).values_list("name", "project_id"))
    since = timezone.now() - timedelta(hours=24)
    recent = ClientInstance.objects.filter(app_name=app_name, last_seen_at__gte=since)
    environments = [
        _overview_environment(env, by_env[env], projects, recent, sdk_type)
        for env in sorted(by_env)
    ]
    return {
        "projects": sorted(set(projects.values())),
        "featureCount": len(names),
        "environments": environments,
        "issues": {"missingStrategies": _missing_strategies(app.strategies or [])},
    }


def _overview_environment(env, names, projects, recent, sdk_type) -> dict:
    instances = list(recent.filter(environment=env))
    sdks = sorted({i.sdk_version for i in instances if i.sdk_version})
    return {
        "name": env,
        "instanceCount": len({i.instance_id for i in instances}),
        "sdks": sdks,
        "frontendSdks": [s for s in sdks if sdk_type(s) == "frontend"],
        "backendSdks": [s for s in sdks if sdk_type(s) == "backend"],
        "lastSeen": max((i.last_seen_at for i in instances), default=None),
        "issues": {
            "missingFeatures": sorted(n for n in names if n not in projects),
            "outdatedSdks": [s for s in sdks if is_outdated(s)],
        },
    }


def _missing_strategies(names: list) -> list[str]:
    known = set(StrategyDefinition.objects.values_list("name", flat=True)) | DEPRECATED_STRATEGIES
    return [n for n in dict.fromkeys(names) if isinstance(n, str) and n not in known]


def connected_applications(hours: int = 24) -> dict:
    """The admin home's SDK summary: applications, instances seen lately, outdated SDKs."""
    since = timezone.now() - timedelta(hours=hours)
    recent = ClientInstance.objects.filter(last_seen_at__gte=since)
    return {
        "applications": ClientApplication.objects.count(),
        "live_applications": recent.values("app_name").distinct().count(),
        "live_instances": recent.count(),
        "outdated": outdated_sdks(),
    }
