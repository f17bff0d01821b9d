"""Admin API reads of SDK metrics and applications, in Unleash's shapes.

``GET /api/admin/client-metrics/features/{name}`` (last hour per environment, seen apps),
``.../{name}/raw?hoursBack=N`` (hourly rows), ``GET /api/admin/metrics/applications`` and
``/{appName}``.
"""

from __future__ import annotations

from collections import defaultdict

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import validated
from core.errors import NotFound
from flags.api.admin.base import AdminView
from flags.models import Feature
from metrics import sdk_selectors, selectors, services
from metrics.admin_serializers import (
    ApplicationSerializer,
    ApplicationsSerializer,
    ApplicationWriteSerializer,
    EnvironmentInstancesSerializer,
    FeatureMetricsSerializer,
    FeatureUsageSerializer,
    ProjectApplicationsSerializer,
)
from metrics.sdk_serializers import (
    ApplicationOverviewSerializer,
    OutdatedSdksSerializer,
    UnknownFlagsSerializer,
)

HOURS_BACK_DEFAULT = 24
HOURS_BACK_MAX = 48
BUILT_IN_STRATEGIES = {
    "default",
    "userWithId",
    "gradualRollout",
    "flexibleRollout",
    "remoteAddress",
}


def _iso(moment) -> str | None:
    if moment is None:
        return None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_hours_back(raw: str | None) -> int:
    """Unleash ignores a missing or out-of-range ``hoursBack`` and uses its default."""
    try:
        hours = int(raw) if raw is not None else HOURS_BACK_DEFAULT
    except ValueError:
        return HOURS_BACK_DEFAULT
    return hours if 1 <= hours <= HOURS_BACK_MAX else HOURS_BACK_DEFAULT


def _require_feature(name: str) -> None:
    if not Feature.objects.filter(name=name).exists():
        raise NotFound.at("featureName", f"no flag {name!r}")


class FeatureUsageView(AdminView):
    perm_model = "feature"

    @extend_schema(
        operation_id="getFeatureUsageSummary",
        tags=["Metrics"],
        responses={200: FeatureUsageSerializer},
    )
    def get(self, request, name: str):
        _require_feature(name)
        usage = selectors.last_hour_usage(name)
        return Response(
            {
                "version": 1,
                "maturity": "stable",
                "featureName": name,
                "lastHourUsage": [
                    {
                        "environment": entry.environment,
                        "timestamp": _iso(entry.timestamp),
                        "yes": entry.yes,
                        "no": entry.no,
                    }
                    for entry in usage
                ],
                "seenApplications": selectors.seen_applications(name),
            }
        )


class FeatureRawMetricsView(AdminView):
    perm_model = "feature"

    @extend_schema(
        operation_id="getRawFeatureMetrics",
        tags=["Metrics"],
        parameters=[OpenApiParameter("hoursBack", int, description="1 to 48, default 24")],
        responses={200: FeatureMetricsSerializer},
    )
    def get(self, request, name: str):
        _require_feature(name)
        hours = parse_hours_back(request.query_params.get("hoursBack"))
        rows = selectors.raw_metrics(name, hours)
        data = [
            {
                "featureName": row.feature_name,
                "appName": row.app_name,
                "environment": row.environment,
                "timestamp": _iso(row.hour),
                "yes": row.yes,
                "no": row.no,
                "variants": row.variants,
            }
            for row in rows
        ]
        return Response({"version": 1, "maturity": "stable", "data": data})


class ApplicationsView(AdminView):
    perms = {"GET": ["metrics.view_clientapplication"]}

    @extend_schema(
        operation_id="getApplications",
        tags=["Metrics"],
        parameters=[OpenApiParameter("strategyName", str, description="only apps using it")],
        responses={200: ApplicationsSerializer},
    )
    def get(self, request):
        summaries = selectors.applications()
        strategy = request.query_params.get("strategyName")
        if strategy:
            summaries = [s for s in summaries if strategy in s.application.strategies]
        usage = _usage_by_app()
        applications = [
            _application_item(s, usage.get(s.application.app_name, {})) for s in summaries
        ]
        return Response({"applications": applications, "total": len(applications)})


def _usage_by_app() -> dict[str, dict[str, set[str]]]:
    """app -> project -> environments, from the flags each app reported."""
    pairs = selectors.FeatureHourlyMetric.objects.values_list(
        "app_name", "feature_name", "environment"
    ).distinct()
    pairs = list(pairs)
    projects = dict(
        Feature.objects.filter(name__in={p[1] for p in pairs}).values_list("name", "project_id")
    )
    usage: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for app_name, feature_name, environment in pairs:
        if feature_name in projects:
            usage[app_name][projects[feature_name]].add(environment)
    return usage


def _application_item(summary: selectors.ApplicationSummary, usage: dict) -> dict:
    app = summary.application
    first = min(usage.items()) if usage else ("*", {"*"})
    item = {
        "appName": app.app_name,
        "createdAt": _iso(app.created_at),
        "updatedAt": _iso(app.updated_at),
        # Applications are not created by a user here (SDKs register them).
        "createdBy": None,
        "project": first[0],
        "environment": min(first[1]),
        "description": app.description,
        "url": app.url,
        "color": app.color,
        "icon": app.icon,
        "strategies": app.strategies,
        "usage": [
            {"project": project, "environments": sorted(envs)}
            for project, envs in sorted(usage.items())
        ],
    }
    if app.sdk_versions:
        item["sdkVersion"] = app.sdk_versions[-1]
    return item


class ApplicationView(AdminView):
    perms = {
        "GET": ["metrics.view_clientapplication"],
        "POST": ["metrics.change_clientapplication"],
        "DELETE": ["metrics.delete_clientapplication"],
    }

    @extend_schema(
        operation_id="createApplication",
        tags=["Metrics"],
        request=ApplicationWriteSerializer,
        responses={202: OpenApiResponse(description="Created or updated (no body)")},
    )
    def post(self, request, app_name: str):
        fields = validated(ApplicationWriteSerializer, request.data)
        fields.pop("appName", None)
        services.application_save(app_name=app_name, actor=self.actor, **fields)
        return Response(status=202)

    @extend_schema(
        operation_id="deleteApplication",
        tags=["Metrics"],
        responses={200: OpenApiResponse(description="Deleted, or never known (no body)")},
    )
    def delete(self, request, app_name: str):
        services.application_delete(app_name=app_name, actor=self.actor)
        return Response(status=200)

    @extend_schema(
        operation_id="getApplication",
        tags=["Metrics"],
        responses={200: ApplicationSerializer},
    )
    def get(self, request, app_name: str):
        app = selectors.application(app_name)
        if app is None:
            raise NotFound.at("appName", f"Could not find application with appName {app_name}")
        seen = selectors.seen_features(app_name)
        features = selectors.known_features(seen)
        return Response(
            {
                "appName": app.app_name,
                "createdAt": _iso(app.created_at),
                "description": app.description,
                "url": app.url,
                "color": app.color,
                "icon": app.icon,
                "strategies": [_strategy(name) for name in app.strategies],
                "instances": [_instance(i) for i in selectors.instances_of(app_name)],
                "seenToggles": [_seen_toggle(name, features.get(name)) for name in seen],
                "links": {"self": f"/api/applications/{app.app_name}"},
            }
        )


def _strategy(name: str) -> dict:
    return {"name": name} if name in BUILT_IN_STRATEGIES else {"name": name, "notFound": True}


def _instance(instance) -> dict:
    return {
        "appName": instance.app_name,
        "instanceId": instance.instance_id,
        "environment": instance.environment,
        "sdkVersion": instance.sdk_version or None,
        "clientIp": instance.client_ip or None,
        "sdkType": sdk_type(instance.sdk_version),
        "lastSeen": _iso(instance.last_seen_at),
        "createdAt": _iso(instance.created_at),
    }


# SDK names of the browser/frontend family; every other SDK is a backend one.
FRONTEND_SDKS = ("unleash-proxy-client", "unleash-client-js", "unleash-js-sdk", "frontend")


def sdk_type(sdk_version: str) -> str | None:
    if not sdk_version:
        return None
    return "frontend" if sdk_version.startswith(FRONTEND_SDKS) else "backend"


def _seen_toggle(name: str, feature: Feature | None) -> dict:
    if feature is None:
        return {"name": name, "notFound": True}
    return {
        "name": feature.name,
        "project": feature.project_id,
        "type": feature.type,
        "description": feature.description,
        "stale": feature.stale,
        "archived": feature.archived,
        "lastSeenAt": _iso(feature.last_seen_at),
    }


class EnvironmentInstancesView(AdminView):
    perms = {"GET": ["metrics.view_clientapplication"]}

    @extend_schema(
        operation_id="getApplicationEnvironmentInstances",
        tags=["Metrics"],
        responses={200: EnvironmentInstancesSerializer},
    )
    def get(self, request, app_name: str, environment: str):
        # Unleash answers an unknown application or environment with no instances.
        rows = selectors.instances_of(app_name, environment=environment)
        instances = [
            {
                "instanceId": i.instance_id,
                "clientIp": i.client_ip or None,
                "sdkVersion": i.sdk_version or None,
                "lastSeen": _iso(i.last_seen_at),
            }
            for i in rows
        ]
        return Response({"instances": instances})


class ProjectApplicationsView(AdminView):
    perm_model = "project"

    @extend_schema(
        operation_id="getProjectApplications",
        tags=["Projects"],
        parameters=[
            OpenApiParameter("offset", int, description="rows to skip"),
            OpenApiParameter("limit", int, description="rows to return (default 50)"),
        ],
        responses={200: ProjectApplicationsSerializer},
    )
    def get(self, request, project_id: str):
        # Unleash answers an unknown project with an empty list, not a 404.
        offset, limit = _paging(request.query_params)
        apps = selectors.project_applications(project_id)
        page = [
            {
                "name": app.name,
                "environments": app.environments,
                "instances": app.instances,
                "sdks": [{"name": n, "versions": v} for n, v in app.sdks.items()],
            }
            for app in apps[offset : offset + limit]
        ]
        return Response({"applications": page, "total": len(apps)})


def _paging(params) -> tuple[int, int]:
    """Unleash's offset/limit; bad values fall back to the defaults rather than fail."""

    def number(name: str, default: int, low: int) -> int:
        raw = params.get(name)
        return int(raw) if raw and raw.isascii() and raw.isdigit() and int(raw) >= low else default

    return number("offset", 0, 0), min(number("limit", 50, 1), 1000)


class UnknownFlagsView(AdminView):
    perms = {"GET": ["metrics.view_unknownflag"]}

    @extend_schema(
        operation_id="getUnknownFlags",
        tags=["Metrics"],
        responses={200: UnknownFlagsSerializer},
    )
    def get(self, request):
        return Response(
            UnknownFlagsSerializer({"unknownFlags": sdk_selectors.unknown_flags()}).data
        )


class OutdatedSdksView(AdminView):
    perms = {"GET": ["metrics.view_clientinstance"]}

    @extend_schema(
        operation_id="getOutdatedSdks",
        tags=["Metrics"],
        responses={200: OutdatedSdksSerializer},
    )
    def get(self, request):
        return Response({"sdks": sdk_selectors.outdated_sdks()})


class ProjectOutdatedSdksView(AdminView):
    perms = {"GET": ["metrics.view_clientinstance"]}

    @extend_schema(
        operation_id="getOutdatedProjectSdks",
        tags=["Projects"],
        responses={200: OutdatedSdksSerializer},
    )
    def get(self, request, project_id: str):
        # An unknown project simply has no SDKs, as in Unleash.
        return Response({"sdks": sdk_selectors.outdated_sdks(project_id)})


class ApplicationOverviewView(AdminView):
    perms = {"GET": ["metrics.view_clientapplication"]}

    @extend_schema(
        operation_id="getApplicationOverview",
        tags=["Metrics"],
        responses={200: ApplicationOverviewSerializer},
    )
    def get(self, request, app_name: str):
        overview = sdk_selectors.application_overview(app_name, sdk_type)
        if overview is None:
            raise NotFound.at("appName", f"Could not find appName={app_name}")
        return Response(ApplicationOverviewSerializer(overview).data)
