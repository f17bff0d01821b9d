"""Finding flags on the flag list: the operator search, stale filters, and open-by-name."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.errors import ValidationFailed
from flags import list_search
from flags.models import Feature
from flags.staleness import potentially_stale_q


class StaleFilter(admin.SimpleListFilter):
    """Stale as marked by people, and potentially stale as computed from the flag's type."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("active", "Active (not stale)"),
            ("stale", "Stale"),
            ("potentially-stale", "Potentially stale"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "stale":
            return queryset.filter(stale=True)
        if value == "active":
            return queryset.filter(stale=False)
        if value == "potentially-stale":
            return queryset.filter(potentially_stale_q(), stale=False)
        return queryset


class FlagFindingMixin:
    """For the flag ModelAdmin: search box syntax and `by-name/<name>/` links."""

    search_syntax = list_search.SYNTAX

    @admin.display(description="flag", ordering="name")
    def flag_cell(self, feature):
        """Name (the link), then project, type, tags and stale in small print."""
        facts = format_html_join(
            "",
            '<span class="flag-tag">{}</span>',
            ((str(tag),) for tag in feature.tags.all()),  # prefetched by the list queryset
        )
        return format_html(
            '<a class="flag-name" href="{}" title="{}">{}</a>'
            '<span class="flag-facts-line">{} · {}{}{}</span>',
            reverse("admin:flags_feature_change", args=[feature.pk]),
            feature.description[:200],
            feature.name,
            feature.project.name,
            feature.get_type_display(),
            mark_safe(' <span class="flag-stale">stale</span>') if feature.stale else "",
            facts,
        )

    def get_search_results(self, request, queryset, search_term):
        if request.path.endswith("/autocomplete/"):  # picking a parent: active flags only
            queryset = queryset.active()
        if not search_term.strip():
            return queryset, False
        try:
            # Every filter selects by primary key, so rows never repeat.
            return list_search.search(queryset, search_term), False
        except ValidationFailed as exc:
            self.message_user(request, f"Search not understood: {exc.message}", messages.ERROR)
            return queryset.none(), False

    def get_urls(self):
        by_name = self.admin_site.admin_view(self.by_name_view)
        return [
            path("by-name/<path:name>/", by_name, name="flags_feature_by_name"),
            *super().get_urls(),
        ]

    def by_name_view(self, request, name):
        """A flag's page from its name (events, metrics and the command menu know names)."""
        feature = get_object_or_404(Feature, name=name)
        if not self.has_view_or_change_permission(request, feature):
            raise PermissionDenied
        return redirect("admin:flags_feature_change", feature.pk)
