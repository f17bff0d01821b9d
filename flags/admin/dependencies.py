"""Parent dependencies on the flag page, added and removed through the dependency services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from flags import services
from flags.admin.base import LeafInline, call_service
from flags.models import Dependency, Feature

SUBJECT = "Dependency on"


class VariantNamesField(forms.CharField):
    """Variant names, comma-separated; an empty list means any variant."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Comma-separated; empty means any variant.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [v.strip() for v in (value or "").split(",") if v.strip()]


class DependencyForm(forms.ModelForm):
    variants = VariantNamesField()
    enabled = forms.BooleanField(
        required=False, initial=True, label="parent enabled", help_text="Unticked: parent off."
    )
    rejection: tuple[str, str] | None = None  # (parent name, service message) on a replay

    class Meta:
        model = Dependency
        fields = ["parent", "enabled", "variants"]

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        if self.rejection and parent is not None and parent.name == self.rejection[0]:
            raise ValidationError(self.rejection[1])
        return cleaned


class DependencyInline(LeafInline, admin.TabularInline):
    model = Dependency
    fk_name = "child"
    form = DependencyForm
    extra = 0
    verbose_name = "parent dependency"
    verbose_name_plural = "Dependencies (this flag is only on while its parents hold)"
    # A search box, not a select of every flag: with 1,000 flags the options alone cost
    # most of the flag page's server time.
    autocomplete_fields = ["parent"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Feature.objects.active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        rejected = getattr(request, "_service_rejected", None)
        if rejected is not None and rejected.subject.startswith(SUBJECT):
            parent = rejected.subject.removeprefix(SUBJECT).strip()
            text = getattr(rejected.error, "message", str(rejected.error))
            rejection = (parent, text)
            kwargs["form"] = type("DependencyForm", (DependencyForm,), {"rejection": rejection})
        return super().get_formset(request, obj, **kwargs)


def save_dependencies(formset, child: Feature, actor) -> None:
    """Apply a valid dependency formset: removals first, then adds (which also update)."""
    deleted = set(formset.deleted_forms)
    for dep_form in formset.forms:
        old_parent_id = dep_form.initial.get("parent")
        removed = dep_form in deleted or (old_parent_id and "parent" in dep_form.changed_data)
        if removed and old_parent_id:
            old = Feature.objects.get(pk=old_parent_id)
            call_service(
                services.dependency_remove,
                child=child,
                parent=old,
                actor=actor,
                subject=f"{SUBJECT} {old.name}",
            )
            formset.deleted_objects.append(dep_form.instance)
    for dep_form in formset.forms:
        if dep_form in deleted or not dep_form.has_changed():
            continue
        data = dep_form.cleaned_data
        added = call_service(
            services.dependency_add,
            child=child,
            parent=data["parent"],
            enabled=data["enabled"],
            variants=data["variants"],
            actor=actor,
            subject=f"{SUBJECT} {data['parent'].name}",
        )
        formset.new_objects.append(added)
