"""Admin pages for SDK metrics: flag usage charts, applications with instances, unknown flags."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from core.admin_mixins import ReadOnlyAdminMixin
from flags.admin.base import ServiceModelAdmin
from flags.models import Feature
from metrics import charts, selectors, services
from metrics.aggregates import ClientApplication, ClientInstance, FeatureHourlyMetric, UnknownFlag

SVG_TYPE = "image/svg+xml"


def _period(request) -> str:
    period = request.GET.get("period", selectors.DEFAULT_PERIOD)
    return period if period in selectors.PERIODS else selectors.DEFAULT_PERIOD


@admin.register(FeatureHourlyMetric)
class FeatureUsageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Hourly rows (read-only) and, per flag, the usage page with its chart."""

    list_display = ["feature_link", "app_name", "environment", "hour", "yes", "no", "variants"]
    list_filter = ["environment"]
    search_fields = ["feature_name", "app_name"]
    date_hierarchy = "hour"
    ordering = ["-hour", "feature_name"]

    @admin.display(description="flag", ordering="feature_name")
    def feature_link(self, obj):
        url = reverse("admin:metrics_flag_usage", args=[obj.feature_name])
        return format_html('<a href="{}">{}</a>', url, obj.feature_name)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("usage/<path:name>/chart.svg", view(self.chart_view), name="metrics_flag_chart"),
            path("usage/<path:name>/", view(self.usage_view), name="metrics_flag_usage"),
            *super().get_urls(),
        ]

    def _feature_name(self, request, name: str) -> str:
        if not self.has_view_permission(request):
            raise Http404
        if not Feature.objects.filter(name=name).exists():
            raise Http404(f"No flag named {name!r}")
        return name

    def chart_view(self, request, name: str):
        name = self._feature_name(request, name)
        period = _period(request)
        svg = charts.usage_chart(name, selectors.usage_series(name, period), period)
        return HttpResponse(svg, content_type=SVG_TYPE)

    def usage_view(self, request, name: str):
        name = self._feature_name(request, name)
        period = _period(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Usage of {name}",
            "feature": Feature.objects.select_related("project").get(name=name),
            "usage": charts.usage_panel(name, period),
            "applications": selectors.seen_applications(name),
            "last_hour": selectors.last_hour_usage(name),
        }
        return render(request, "metrics/flag_usage.html", context)


@admin.register(ClientApplication)
class ClientApplicationAdmin(ServiceModelAdmin):
    list_display = [
        "app_name",
        "description",
        "instance_count",
        "environments",
        "sdk_version_list",
        "last_seen_at",
    ]
    search_fields = ["app_name", "description"]
    fields = [
        "app_name",
        "description",
        "url",
        "color",
        "icon",
        "strategies",
        "sdk_version_list",
        "created_at",
        "last_seen_at",
        "instances_table",
        "seen_flags",
    ]
    readonly_fields = [
        "app_name",
        "strategies",
        "sdk_version_list",
        "created_at",
        "last_seen_at",
        "instances_table",
        "seen_flags",
    ]

    def has_add_permission(self, request):
        return False  # applications appear when an SDK registers or reports

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        count = (
            ClientInstance.objects.filter(app_name=OuterRef("app_name"))
            .order_by()
            .values("app_name")
            .annotate(n=Count("id"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(n_instances=Subquery(count, output_field=IntegerField()))
        )

    @admin.display(description="instances", ordering="n_instances")
    def instance_count(self, obj):
        return obj.n_instances or 0

    @admin.display(description="environments")
    def environments(self, obj):
        names = ClientInstance.objects.filter(app_name=obj.app_name).values_list(
            "environment", flat=True
        )
        return ", ".join(sorted(set(names))) or "—"

    @admin.display(description="SDK versions")
    def sdk_version_list(self, obj):
        return ", ".join(obj.sdk_versions) or "—"

    @admin.display(description="instances")
    def instances_table(self, obj):
        instances = selectors.instances_of(obj.app_name)
        if not instances:
            return "No live instances."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    i.instance_id,
                    i.environment,
                    i.sdk_version or "—",
                    i.client_ip or "—",
                    i.started_at.strftime("%Y-%m-%d %H:%M") if i.started_at else "—",
                    i.last_seen_at.strftime("%Y-%m-%d %H:%M:%S"),
                )
                for i in instances
            ),
        )
        return format_html(
            '<table class="metrics-instances"><thead><tr><th>Instance</th><th>Environment</th>'
            "<th>SDK</th><th>Host IP</th><th>Started</th><th>Last seen (UTC)</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="flags reported")
    def seen_flags(self, obj):
        names = selectors.seen_features(obj.app_name)
        if not names:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:metrics_flag_usage", args=[n]), n) for n in names),
        )

    def service_save(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.APPLICATION_FIELDS}
        services.application_update(application=obj, actor=self.actor(request), **fields)


@admin.register(UnknownFlag)
class UnknownFlagAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Flag names SDKs asked about that the server does not know (typos, deleted flags)."""

    list_display = ["name", "app_name", "environment", "last_seen_at"]
    list_filter = ["environment"]
    search_fields = ["name", "app_name"]
