"""The flag list and flag page: per-environment toggles, inline state, tags, actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from flags import services
from flags.admin import actions, toggles
from flags.admin.base import ServiceModelAdmin, ServiceRejected, call_service
from flags.admin.columns import environment_column
from flags.admin.dependencies import DependencyInline, save_dependencies
from flags.admin.editor_config import editor_config
from flags.admin.environment_panels import EnvironmentPanelInline
from flags.admin.filters import ArchivedFilter
from flags.admin.finding import FlagFindingMixin, StaleFilter
from flags.admin.strategies import save_strategies
from flags.admin.summaries import seen_text
from flags.admin.tag_picker import TagPickerField
from flags.models import Dependency, Environment, Feature, Tag

EDITABLE = ("type", "description", "impression_data")


class FeatureForm(forms.ModelForm):
    new_tags = TagPickerField()

    class Meta:
        model = Feature
        fields = ["name", "project", "type", "description", "impression_data", "stale", "tags"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_tags"].refresh_types()


@admin.register(Feature)
class FeatureAdmin(FlagFindingMixin, ServiceModelAdmin):
    form = FeatureForm
    # One cell carries the flag's facts, so five environment columns fit at 1366 px.
    list_display_base = ["flag_cell"]
    list_display_tail = ["last_seen"]
    list_display_links = None
    list_filter = [
        ArchivedFilter,
        "project",
        "type",
        StaleFilter,
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "description"]
    list_select_related = ["project"]
    list_per_page = 50
    filter_horizontal = ["tags"]
    inlines = [EnvironmentPanelInline, DependencyInline]
    actions = [actions.archive, actions.revive, actions.mark_stale, actions.mark_not_stale]
    field_for = {"impressionData": "impression_data"}

    # -- list page ---------------------------------------------------------------------
    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("env_states", "tags__type")

    def get_list_display(self, request):
        can_toggle, paused = self.has_toggle_permission(request), toggles.writes_paused()
        columns = [
            environment_column(e.name, can_toggle, paused) for e in Environment.objects.all()
        ]
        return [*self.list_display_base, *columns, *self.list_display_tail]

    # Never-seen flags sort as oldest, so "newest first" starts with flags in use.
    @admin.display(description="last seen", ordering=F("last_seen_at").asc(nulls_first=True))
    def last_seen(self, feature):
        return format_html(
            '<span class="flag-seen" title="{}">{}</span>',
            f"{feature.last_seen_at:%Y-%m-%d %H:%M} UTC" if feature.last_seen_at else "",
            seen_text(feature.last_seen_at),
        )

    def has_toggle_permission(self, request):
        return toggles.may_toggle(request)

    def get_actions(self, request):
        found = super().get_actions(request)
        if self.has_toggle_permission(request):
            for environment in Environment.objects.all():
                for enabled in (True, False):
                    action = actions.toggle_action(environment, enabled)
                    found[action.__name__] = (action, action.__name__, action.short_description)
        return found

    def get_urls(self):
        toggle = self.admin_site.admin_view(require_POST(self.toggle_view))
        return [
            path("<path:object_id>/toggle/<str:environment>/", toggle, name="flags_feature_toggle"),
            *super().get_urls(),
        ]

    def toggle_view(self, request, object_id, environment):
        """Switch at once; toggles.js asks for JSON and confirms on the page it is on."""
        if not self.has_toggle_permission(request):
            raise PermissionDenied
        feature = get_object_or_404(Feature, pk=object_id)
        env = get_object_or_404(Environment, pk=environment)
        enabled = request.POST.get("enabled") == "1"
        state = feature.env_states.filter(environment=env).first()
        had_strategies = state is not None and state.strategies.exists()
        try:
            call_service(
                services.feature_set_enabled,
                feature=feature,
                environment=env,
                enabled=enabled,
                actor=self.actor(request),
            )
        except ServiceRejected as rejected:
            return self._toggle_answer(
                request, f"Flag {feature.name}: {rejected.message}", error=rejected.error
            )
        verb = "Turned on" if enabled else "Turned off"
        added = enabled and not had_strategies
        message = f"{verb} {feature.name} in {env.name}."
        if added:
            message += " It had no strategy, so the default strategy was added."
        return self._toggle_answer(request, message, enabled=enabled, strategy_added=added)

    def _toggle_answer(self, request, message, *, error=None, enabled=None, strategy_added=False):
        if "application/json" in request.headers.get("Accept", ""):
            if error is not None:
                status = getattr(error, "status", 400)
                return JsonResponse({"message": message}, status=status)
            body = {"enabled": enabled, "message": message, "strategyAdded": strategy_added}
            return JsonResponse(body)
        self.message_user(
            request, message, messages.ERROR if error is not None else messages.SUCCESS
        )
        return HttpResponseRedirect(self._back_url(request))

    def _back_url(self, request):
        target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
        if url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("admin:flags_feature_changelist")

    # -- flag page ---------------------------------------------------------------------
    def get_changeform_initial_data(self, request):
        return {"project": "default", **super().get_changeform_initial_data(request)}

    def get_fields(self, request, obj=None):
        fields = ["name", "project", "type", "description", "impression_data"]
        if obj is not None:
            fields += ["stale", "archived_state", "created_at", "event_link"]
        return [*fields, "tags", "new_tags"]

    def get_fieldsets(self, request, obj=None):
        fields = self.get_fields(request, obj)
        if obj is None:
            return [(None, {"fields": fields})]
        # The tag picker is tall; folded, the environment panels sit near the top of the page.
        tagging = ["tags", "new_tags"]
        main = [f for f in fields if f not in tagging]
        tag_names = ", ".join(str(t) for t in obj.tags.all()) or "none"
        title = f"Tags ({tag_names})"
        return [(None, {"fields": main}), (title, {"fields": tagging, "classes": ["collapse"]})]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "project", "archived_state", "created_at", "event_link"]

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    @admin.display(description="archived")
    def archived_state(self, feature):
        if feature.archived_at is None:
            return "No (use the Archive action on the list to archive)"
        return f"Archived {feature.archived_at:%Y-%m-%d %H:%M}"

    @admin.display(description="audit log")
    def event_link(self, feature):
        url = (
            reverse("admin:core_event_changelist") + "?" + urlencode({"feature_name": feature.name})
        )
        return format_html('<a href="{}">Events for this flag</a>', url)

    def service_save(self, request, obj, form, change):
        data, actor = form.cleaned_data, self.actor(request)
        fields = {key: data[key] for key in EDITABLE if key in data}
        if not change:
            created = services.feature_create(
                project=data["project"], name=data["name"], actor=actor, **fields
            )
            obj.pk, obj._state.adding = created.pk, False
            return
        services.feature_update(feature=obj, actor=actor, **fields)
        if "stale" in form.changed_data:
            services.feature_set_stale(feature=obj, stale=data["stale"], actor=actor)

    def save_related(self, request, form, formsets, change):
        call_service(self._save_tags, request, form.instance, form, subject="tags")
        super().save_related(request, form, formsets, change)

    def _save_tags(self, request, feature, form):
        actor = self.actor(request)
        wanted = set(form.cleaned_data.get("tags") or [])
        current = set(feature.tags.select_related("type")) if feature.pk else set()
        for tag in current - wanted:
            services.feature_tag_remove(
                feature=feature, type=tag.type.name, value=tag.value, actor=actor
            )
        pairs = [(t.type.name, t.value) for t in wanted - current]
        for tag_type, value in pairs + form.cleaned_data.get("new_tags", []):
            services.feature_tag_add(feature=feature, type=tag_type, value=value, actor=actor)

    def save_formset(self, request, form, formset, change):
        actor = self.actor(request)
        if formset.model is Dependency:
            save_dependencies(formset, form.instance, actor)
            return
        for state_form in formset.forms:
            state = state_form.instance
            if state_form.strategies is not None and state_form.strategies.is_bound:
                label = f"{state.environment_id}: strategy"
                save_strategies(state_form.strategies, state, actor, label=label)

    def render_change_form(self, request, context, *args, **kwargs):
        feature = context.get("original")
        if feature is not None:
            context["editor_config"] = editor_config(
                flag_name=feature.name, project_id=feature.project_id
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def service_delete(self, request, obj):
        services.feature_delete(feature=obj, actor=self.actor(request))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["queryset"] = Tag.objects.select_related("type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
