"""Bulk actions on flags, each a service call per flag (all or nothing)."""

from django.contrib import admin, messages

from flags import services
from flags.admin.base import admin_actor, call_service


def _each(request, queryset, service, **kwargs) -> int:
    actor = admin_actor(request)
    count = 0
    for feature in queryset.select_related("project"):
        call_service(service, feature=feature, actor=actor, subject=feature.name, **kwargs)
        count += 1
    return count


def _done(modeladmin, request, count: int, verb: str) -> None:
    noun = "flag" if count == 1 else "flags"
    modeladmin.message_user(request, f"{verb} {count} {noun}.", messages.SUCCESS)


@admin.action(description="Archive selected flags", permissions=["change"])
def archive(modeladmin, request, queryset):
    _done(modeladmin, request, _each(request, queryset, services.feature_archive), "Archived")


@admin.action(description="Revive selected archived flags", permissions=["change"])
def revive(modeladmin, request, queryset):
    _done(modeladmin, request, _each(request, queryset, services.feature_revive), "Revived")


@admin.action(description="Mark selected flags stale", permissions=["change"])
def mark_stale(modeladmin, request, queryset):
    count = _each(request, queryset, services.feature_set_stale, stale=True)
    _done(modeladmin, request, count, "Marked stale:")


@admin.action(description="Mark selected flags not stale", permissions=["change"])
def mark_not_stale(modeladmin, request, queryset):
    count = _each(request, queryset, services.feature_set_stale, stale=False)
    _done(modeladmin, request, count, "Marked not stale:")


def toggle_action(environment, enabled: bool):
    """An action switching the selected flags on or off in one environment."""
    verb = "Enable" if enabled else "Disable"

    def action(modeladmin, request, queryset):
        count = _each(
            request,
            queryset,
            services.feature_set_enabled,
            environment=environment,
            enabled=enabled,
        )
        _done(modeladmin, request, count, f"{verb}d in {environment.name}:")

    action.__name__ = f"{verb.lower()}_in_{environment.name}"
    action.short_description = f"{verb} selected flags in {environment.name}"
    return action
