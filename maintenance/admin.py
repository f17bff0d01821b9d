"""The "Maintenance" page in the admin's Configuration section: a singleton form."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from core.actors import Actor
from core.errors import ValidationFailed
from maintenance import services, state
from maintenance.models import SINGLETON_PK, MaintenanceSetting

WARNING = (
    "While maintenance mode is on, nobody can change configuration: every admin save, add, "
    "delete and action, every API write (503) and every configuring command is refused, and "
    "scheduled jobs pause. SDKs keep being served and their metrics are kept and stored once "
    "it ends. A start and end switch it on and off by itself."
)


class MaintenanceForm(forms.ModelForm):
    class Meta:
        model = MaintenanceSetting
        fields = ["enabled", "message", "starts_at", "ends_at"]
        help_texts = {
            "message": "Shown in the banner on every page and in the API's 503 answers.",
            "starts_at": "Optional: switch on at this time (leave empty for now).",
            "ends_at": "Optional: switch off by itself at this time.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The split date/time inputs carry only "Date:"/"Time:" text; name each for screen readers.
        for name, label in (("starts_at", "Start"), ("ends_at", "End")):
            parts = getattr(self.fields[name].widget, "widgets", ())  # the admin's split widget
            for part, what in zip(parts, ("date", "time"), strict=False):
                part.attrs["aria-label"] = f"{label} {what}"

    def clean(self):
        data = super().clean()
        problem = state.window_problem(data.get("starts_at"), data.get("ends_at"))
        if problem:
            self.add_error("ends_at", problem[0].upper() + problem[1:] + ".")
        return data


@admin.register(MaintenanceSetting)
class MaintenanceSettingAdmin(admin.ModelAdmin):
    form = MaintenanceForm
    fieldsets = [
        (None, {"fields": ["enabled", "message", "starts_at", "ends_at"], "description": WARNING})
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    def changelist_view(self, request, extra_context=None):
        # A singleton: the list goes straight to its form.
        MaintenanceSetting.objects.get_or_create(pk=SINGLETON_PK)
        url = reverse("admin:maintenance_maintenancesetting_change", args=[SINGLETON_PK])
        return HttpResponseRedirect(url)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        current = state.current()
        extra = {**(extra_context or {}), "maintenance_source": current.source}
        if current.source == "env":
            messages.warning(
                request,
                "UNLEASH_MAINTENANCE_MODE is set in the environment and wins over this page.",
            )
        return super().change_view(request, object_id, form_url, extra)

    def save_model(self, request, obj, form, change):
        # Through the service, not obj.save(): the audit event and the Redis fan-out.
        actor = Actor.from_request(request, source="admin")
        try:
            services.set_maintenance(
                enabled=obj.enabled,
                message=obj.message,
                starts_at=obj.starts_at,
                ends_at=obj.ends_at,
                actor=actor,
            )
        except ValidationFailed as exc:
            messages.error(request, exc.message)

    def log_change(self, request, obj, message):
        # The setting-updated event is the audit record; LogEntry would be a second write.
        return None
