"""Segments: reusable constraint lists, edited with the same constraint editor."""

from django import forms
from django.contrib import admin

from flags import services
from flags.admin.base import ServiceModelAdmin
from flags.admin.editor_config import editor_config
from flags.admin.forms import ConstraintsField
from flags.models import Segment


class SegmentForm(forms.ModelForm):
    constraints = ConstraintsField()

    class Meta:
        model = Segment
        fields = ["name", "description", "project", "constraints"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


@admin.register(Segment)
class SegmentAdmin(ServiceModelAdmin):
    form = SegmentForm
    list_display = ["name", "project", "constraint_count", "strategy_count", "created_at"]
    list_filter = ["project"]
    search_fields = ["name", "description"]

    @admin.display(description="constraints")
    def constraint_count(self, segment):
        return len(segment.constraints)

    @admin.display(description="used by strategies")
    def strategy_count(self, segment):
        return segment.strategies.count()

    def render_change_form(self, request, context, *args, **kwargs):
        segment = context.get("original")
        context["editor_config"] = editor_config(project_id=segment.project_id if segment else None)
        return super().render_change_form(request, context, *args, **kwargs)

    def service_save(self, request, obj, form, change):
        spec = {key: form.cleaned_data[key] for key in SegmentForm.Meta.fields}
        actor = self.actor(request)
        if change:
            services.segment_update(segment=obj, actor=actor, **spec)
        else:
            created = services.segment_create(actor=actor, **spec)
            obj.pk, obj._state.adding = created.pk, False

    def service_delete(self, request, obj):
        services.segment_delete(segment=obj, actor=self.actor(request))
