"""A flag in one environment: on/off, feature variants and its strategies edited inline."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from flags import services
from flags.admin import toggles
from flags.admin.base import LeafInline, ServiceModelAdmin, call_service
from flags.admin.editor_config import editor_config
from flags.admin.forms import VariantsField
from flags.admin.strategy_form import StrategyForm, StrategyFormSet
from flags.admin.summaries import constraint_text, parameters_text, variants_text
from flags.models import FeatureEnvironment, FeatureTypeDefinition, Strategy, StrategyDefinition
from flags.services import strategy_definitions as definitions

# Who may only look (a Viewer, anyone while maintenance is on) reads words, not JSON.
READ_ONLY_STRATEGY = [
    "name",
    "title",
    "parameters_shown",
    "constraints_shown",
    "segments",
    "variants_shown",
    "disabled",
    "sort_order",
]


class StrategyInline(LeafInline, admin.StackedInline):
    model = Strategy
    form = StrategyForm
    formset = StrategyFormSet
    extra = 0
    classes = ["strategy-inline"]
    verbose_name_plural = "Strategies (a request gets the flag when any strategy matches)"

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return super().get_fields(request, obj)
        return READ_ONLY_STRATEGY

    def get_readonly_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return super().get_readonly_fields(request, obj)
        return READ_ONLY_STRATEGY

    @admin.display(description="parameters")
    def parameters_shown(self, strategy):
        return parameters_text(strategy.name, strategy.parameters) or "none"

    @admin.display(description="constraints")
    def constraints_shown(self, strategy):
        return "; ".join(constraint_text(c) for c in strategy.constraints or []) or "none"

    @admin.display(description="strategy variants")
    def variants_shown(self, strategy):
        return variants_text(strategy.variants)


class FeatureEnvironmentForm(forms.ModelForm):
    variants = VariantsField(label="Feature variants")

    class Meta:
        model = FeatureEnvironment
        fields = ["variants"]


def save_strategies(formset, state, actor, label: str = "Strategy") -> None:
    """Apply a bound, valid strategy formset through the strategy services, in form order."""
    # What formset.save() would record; the admin's change message reads it.
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = set(formset.deleted_forms)
    for number, strategy_form in enumerate(formset.forms, start=1):
        strategy = strategy_form.instance
        kwargs = {"actor": actor, "subject": f"{label} {number}"}
        if strategy_form in deleted:
            if not strategy._state.adding:
                call_service(services.strategy_delete, strategy=strategy, **kwargs)
                formset.deleted_objects.append(strategy)
        elif not strategy_form.has_changed():
            continue
        elif strategy._state.adding:
            added = call_service(
                services.strategy_add,
                feature=state.feature,
                environment=state.environment,
                **kwargs,
                **strategy_form.service_spec(),
            )
            formset.new_objects.append(added)
        else:
            spec = strategy_form.service_spec()
            call_service(services.strategy_update, strategy=strategy, **kwargs, **spec)
            formset.changed_objects.append((strategy, strategy_form.changed_data))


@admin.register(FeatureEnvironment)
class FeatureEnvironmentAdmin(ServiceModelAdmin):
    """Reached from the flag page; not listed on the index."""

    form = FeatureEnvironmentForm
    # On/off is the switch at the top (toggles.py): it saves at once, not with this form.
    fields = ["feature_link", "environment", "variants"]
    readonly_fields = ["feature_link", "environment"]
    inlines = [StrategyInline]
    change_form_template = "admin/flags/featureenvironment/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("feature", "environment")

    def has_module_permission(self, request):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fields
        return ["feature_link", "environment", "variants_shown"]

    def get_readonly_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.readonly_fields
        return self.get_fields(request, obj)

    @admin.display(description="feature variants")
    def variants_shown(self, state):
        return variants_text(state.variants)

    @admin.display(description="flag")
    def feature_link(self, state):
        url = reverse("admin:flags_feature_change", args=[state.feature_id])
        return format_html('<a href="{}">{}</a>', url, state.feature.name)

    def render_change_form(self, request, context, *args, **kwargs):
        state = context.get("original")
        if state is not None:
            context["editor_config"] = editor_config(
                flag_name=state.feature.name, project_id=state.feature.project_id
            )
            context["state_switch"] = toggles.switch_for(
                state.feature,
                state.environment_id,
                state.enabled,
                can_toggle=toggles.may_toggle(request),
                paused=toggles.writes_paused(),
            )
            context["title"] = f"{state.feature.name} in {state.environment_id}"
            context["subtitle"] = "Strategies and variants"
        return super().render_change_form(request, context, *args, **kwargs)

    def service_save(self, request, obj, form, change):
        if "variants" in form.changed_data:
            services.feature_set_variants(
                feature=obj.feature,
                environment=obj.environment,
                variants=form.cleaned_data["variants"],
                actor=self.actor(request),
            )

    def save_formset(self, request, form, formset, change):
        save_strategies(formset, form.instance, self.actor(request))

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if "_continue" in request.POST:
            return response
        return HttpResponseRedirect(reverse("admin:flags_feature_change", args=[obj.feature_id]))


class StrategyDefinitionForm(forms.ModelForm):
    parameters = forms.JSONField(
        required=False,
        help_text='[{"name": "ids", "type": "list", "description": "...", "required": true}]; '
        "types: string, percentage, list, number, boolean.",
    )

    class Meta:
        model = StrategyDefinition
        fields = ["name", "title", "description", "parameters", "deprecated"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


@admin.register(StrategyDefinition)
class StrategyDefinitionAdmin(ServiceModelAdmin):
    """Strategy types flags may use; built-ins can only be deprecated or reactivated."""

    form = StrategyDefinitionForm
    list_display = ["name", "display_name", "built_in", "deprecated"]
    list_filter = ["built_in", "deprecated"]
    search_fields = ["name", "description"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "title", "description", "parameters"] if obj.built_in else ["name"]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.built_in)

    def service_save(self, request, obj, form, change):
        data, actor = form.cleaned_data, self.actor(request)
        spec = {k: data[k] for k in ("title", "description") if k in data}
        if "parameters" in data:
            spec["parameters"] = data["parameters"] or []
        if not change:
            created = definitions.definition_create(actor=actor, name=data["name"], **spec)
            obj.pk, obj._state.adding = created.pk, False
        elif not obj.built_in:
            definitions.definition_update(name=obj.pk, actor=actor, **spec)
        if "deprecated" in form.changed_data:
            definitions.definition_set_deprecated(
                name=obj.pk, deprecated=data["deprecated"], actor=actor
            )

    def service_delete(self, request, obj):
        definitions.definition_delete(name=obj.pk, actor=self.actor(request))


@admin.register(FeatureTypeDefinition)
class FeatureTypeDefinitionAdmin(ServiceModelAdmin):
    """Flag types: only the expected lifetime can change (empty: permanent)."""

    fields = ["id", "name", "description", "lifetime_days"]
    readonly_fields = ["id", "name", "description"]
    list_display = ["id", "name", "lifetime_days"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def service_save(self, request, obj, form, change):
        definitions.feature_type_set_lifetime(
            type_id=obj.pk,
            lifetime_days=form.cleaned_data["lifetime_days"],
            actor=self.actor(request),
        )
