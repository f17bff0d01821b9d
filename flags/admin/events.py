"""The audit log: read-only, filterable, each change shown as a diff of pre-data and data."""

import json

from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from core.admin_mixins import ReadOnlyAdminMixin
from core.models import Event
from flags import event_diff
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
        "flag_link",
        "project",
        "environment",
        "created_by",
        "change_summary",
    ]
    list_display_links = ["id", "type"]
    list_filter = ["type", "project", FeatureNameFilter, "environment", "source", "created_at"]
    search_fields = ["type", "feature_name", "created_by"]
    date_hierarchy = "created_at"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("type", "created_at"),
                    ("created_by", "source", "ip"),
                    ("project", "flag_link", "environment"),
                    "tags",
                    "change_diff",
                ]
            },
        ),
        ("Recorded data", {"fields": ["data_json", "pre_data_json"], "classes": ["collapse"]}),
    ]
    readonly_fields = [
        "type",
        "created_at",
        "created_by",
        "source",
        "ip",
        "project",
        "flag_link",
        "environment",
        "tags",
        "change_diff",
        "data_json",
        "pre_data_json",
    ]
    # 50 rows render in a fraction of 100's time; the second COUNT(*) over the whole log
    # (for "N total") costs as much again on a large log.
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description="flag", ordering="feature_name")
    def flag_link(self, event):
        if not event.feature_name:
            return "-"
        url = reverse("admin:flags_feature_by_name", args=[event.feature_name])
        return format_html('<a href="{}">{}</a>', url, event.feature_name)

    @admin.display(description="change")
    def change_summary(self, event):
        parts = event_diff.summary(event.pre_data, event.data)
        return format_html_join(
            "", '<span class="event-change">{}</span>', ((part,) for part in parts)
        )

    @admin.display(description="change (− before, + after)")
    def change_diff(self, event):
        lines = event_diff.diff(event.pre_data, event.data)
        return render_to_string("admin/flags/_event_diff.html", {"lines": lines})

    @admin.display(description="data")
    def data_json(self, event):
        return _pretty(event.data)

    @admin.display(description="pre-data")
    def pre_data_json(self, event):
        return _pretty(event.pre_data)
