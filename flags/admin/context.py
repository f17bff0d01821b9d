"""Context fields (with legal values) and tag types."""

from django import forms
from django.contrib import admin

from flags import services
from flags.admin.base import ServiceModelAdmin
from flags.admin.forms import LegalValuesField
from flags.models import ContextField, TagType

CONTEXT_FIELDS = ["name", "description", "stickiness", "sort_order", "legal_values"]


class ContextFieldForm(forms.ModelForm):
    legal_values = LegalValuesField()

    class Meta:
        model = ContextField
        fields = CONTEXT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


@admin.register(ContextField)
class ContextFieldAdmin(ServiceModelAdmin):
    form = ContextFieldForm
    list_display = ["name", "description", "legal_value_count", "stickiness", "sort_order"]
    search_fields = ["name", "description"]
    field_for = {"legalValues": "legal_values", "sortOrder": "sort_order"}

    @admin.display(description="legal values")
    def legal_value_count(self, field):
        return len(field.legal_values) or "any"

    def get_readonly_fields(self, request, obj=None):
        return ["name"] if obj is not None else []

    def service_save(self, request, obj, form, change):
        spec = {key: form.cleaned_data[key] for key in CONTEXT_FIELDS if key in form.cleaned_data}
        actor = self.actor(request)
        if change:
            services.context_field_update(field=obj, actor=actor, **spec)
        else:
            created = services.context_field_create(actor=actor, **spec)
            obj.pk, obj._state.adding = created.pk, False

    def service_delete(self, request, obj):
        services.context_field_delete(field=obj, actor=self.actor(request))


@admin.register(TagType)
class TagTypeAdmin(ServiceModelAdmin):
    fields = ["name", "description", "icon"]
    list_display = ["name", "description", "tag_count"]
    search_fields = ["name"]

    @admin.display(description="tags")
    def tag_count(self, tag_type):
        return tag_type.tags.count()

    def get_readonly_fields(self, request, obj=None):
        return ["name"] if obj is not None else []

    def service_save(self, request, obj, form, change):
        data, actor = form.cleaned_data, self.actor(request)
        if change:
            services.tag_type_update(
                tag_type=obj, actor=actor, description=data["description"], icon=data["icon"]
            )
        else:
            created = services.tag_type_create(
                name=data["name"],
                description=data["description"],
                icon=data["icon"],
                actor=actor,
            )
            obj.pk, obj._state.adding = created.pk, False

    def service_delete(self, request, obj):
        services.tag_type_delete(tag_type=obj, actor=self.actor(request))
