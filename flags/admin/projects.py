"""Projects (with their environments) and environments."""

from django import forms
from django.contrib import admin

from flags import services
from flags.admin.base import ServiceModelAdmin, call_service
from flags.models import Environment, Project


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["id", "name", "description", "environments"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "environments": forms.CheckboxSelectMultiple,
        }


@admin.register(Project)
class ProjectAdmin(ServiceModelAdmin):
    form = ProjectForm
    list_display = ["id", "name", "environment_list", "flag_count"]
    search_fields = ["id", "name", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("environments")

    @admin.display(description="environments")
    def environment_list(self, project):
        return ", ".join(e.name for e in project.environments.all())

    @admin.display(description="flags")
    def flag_count(self, project):
        return project.features.active().count()

    def get_readonly_fields(self, request, obj=None):
        return ["id"] if obj is not None else []

    def service_save(self, request, obj, form, change):
        data, actor = form.cleaned_data, self.actor(request)
        if not change:
            created = services.project_create(
                id=data["id"],
                name=data["name"],
                description=data["description"],
                environments=list(data["environments"]),
                actor=actor,
            )
            obj.pk, obj._state.adding = created.pk, False
            return
        services.project_update(
            project=obj, name=data["name"], description=data["description"], actor=actor
        )
        wanted, current = set(data["environments"]), set(obj.environments.all())
        for environment in wanted - current:
            services.project_environment_add(project=obj, environment=environment, actor=actor)
        for environment in current - wanted:
            call_service(
                services.project_environment_remove,
                project=obj,
                environment=environment,
                actor=actor,
            )

    def service_delete(self, request, obj):
        services.project_delete(project=obj, actor=self.actor(request))


@admin.register(Environment)
class EnvironmentAdmin(ServiceModelAdmin):
    fields = ["name", "type", "sort_order", "enabled", "protected"]
    list_display = ["name", "type", "sort_order", "enabled", "project_count"]
    list_filter = ["type", "enabled"]

    @admin.display(description="projects")
    def project_count(self, environment):
        return environment.projects.count()

    def get_readonly_fields(self, request, obj=None):
        # Only on/off can change afterwards; there is no rename or retype service.
        return ["name", "type", "sort_order", "protected"] if obj else ["protected"]

    def has_delete_permission(self, request, obj=None):
        return False

    def service_save(self, request, obj, form, change):
        data, actor = form.cleaned_data, self.actor(request)
        if not change:
            created = services.environment_create(
                name=data["name"], type=data["type"], sort_order=data["sort_order"], actor=actor
            )
            obj.pk, obj._state.adding = created.pk, False
        if "enabled" in form.changed_data:
            services.environment_set_enabled(environment=obj, enabled=data["enabled"], actor=actor)
