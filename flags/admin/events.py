"""The audit log: read-only, filterable, with data and pre-data as readable JSON."""

import json

from django.contrib import admin
from django.utils.html import format_html

from core.admin_mixins import ReadOnlyAdminMixin
from core.models import Event
from flags.admin.filters import FeatureNameFilter


def _pretty(value) -> str:
    if value is None:
        return "—"
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)
    return format_html('<pre class="event-json">{}</pre>', text)


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "created_at",
        "type",
        "feature_name",
        "project",
        "environment",
        "created_by",
        "source",
    ]
    list_display_links = ["id", "type"]
    list_filter = ["type", "project", FeatureNameFilter, "environment", "source", "created_at"]
    search_fields = ["type", "feature_name", "created_by"]
    date_hierarchy = "created_at"
    fields = [
        "id",
        "type",
        "created_at",
        "created_by",
        "source",
        "ip",
        "project",
        "feature_name",
        "environment",
        "tags",
        "data_json",
        "pre_data_json",
    ]
    readonly_fields = fields
    list_per_page = 100

    @admin.display(description="data")
    def data_json(self, event):
        return _pretty(event.data)

    @admin.display(description="pre-data")
    def pre_data_json(self, event):
        return _pretty(event.pre_data)
