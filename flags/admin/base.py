"""What flag admin pages share: service writes and refusals as form errors."""

import re

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from core.actors import Actor
from core.errors import ServiceError
from maintenance.errors import MaintenanceActive

WRITE_ERRORS = (ServiceError, MaintenanceActive)


class ServiceRejected(Exception):
    """A service refused a write; raised out of save hooks so the whole request rolls back."""

    def __init__(self, error: Exception, subject: str = ""):
        super().__init__(str(error))
        self.error = error
        self.subject = subject

    @property
    def message(self) -> str:
        text = getattr(self.error, "message", str(self.error))
        return f"{self.subject}: {text}" if self.subject else text


def admin_actor(request) -> Actor:
    return Actor.from_request(request, source="admin")


def call_service(func, *args, subject: str = "", **kwargs):
    """Run a service; its refusal becomes ServiceRejected (handled by the admin views)."""
    try:
        return func(*args, **kwargs)
    except WRITE_ERRORS as exc:
        raise ServiceRejected(exc, subject) from exc


def field_errors(rejected: ServiceRejected, fields, field_for: dict) -> list[tuple]:
    """(form field or None, message) pairs from a refusal's details."""
    details = getattr(rejected.error, "details", None) or [{"path": "", "message": ""}]
    pairs = []
    for detail in details:
        path = detail.get("path") or ""
        head = re.split(r"[.\[]", path)[0]
        field = field_for.get(head, head)
        if field in fields and not rejected.subject:
            text = detail["message"] if path == head else f"{path}: {detail['message']}"
            pairs.append((field, text))
        else:
            pairs.append((None, rejected.message if len(details) == 1 else detail["message"]))
    return pairs


def with_rejection(form_class, rejected: ServiceRejected, field_for: dict):
    """The same form, invalid with the service's errors attached where they belong."""

    class RejectedForm(form_class):
        def clean(self):
            cleaned = super().clean()
            for field, message in field_errors(rejected, self.fields, field_for):
                self.add_error(field, message)
            return cleaned

    RejectedForm.__name__ = form_class.__name__
    return RejectedForm


class LeafInline:
    """Mixed into inlines: they have no inlines of their own.

    The maintenance guard walks `get_inline_instances` recursively, which InlineModelAdmin
    lacks (Django only defines it on ModelAdmin).
    """

    def get_inline_instances(self, request, obj=None):
        return []


class ServiceModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves, deletes and actions call `flags.services`.

    Subclasses implement `service_save(request, obj, form, change)` and
    `service_delete(request, obj)`. A refused write rolls the whole request back and the form
    is shown again with the refusal as field errors; nothing is saved.
    """

    # service detail path (Unleash names) -> form field
    field_for: dict = {}

    def actor(self, request) -> Actor:
        return admin_actor(request)

    def service_save(self, request, obj, form, change):
        raise NotImplementedError

    def service_delete(self, request, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        call_service(self.service_save, request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Never form.save_m2m(): related rows change through services only.
        for formset in formsets:
            # What formset.save() would record; the admin's change message reads it.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        raise NotImplementedError(f"{type(self).__name__} has inlines but no save_formset")

    def delete_model(self, request, obj):
        call_service(self.service_delete, request, obj, subject=str(obj))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        # Cascaded rows are the service's business; the object itself needs delete permission.
        return deleted, counts, set(), protected

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        rejected = getattr(request, "_service_rejected", None)
        return with_rejection(form, rejected, self.field_for) if rejected else form

    def _changeform_view(self, request, object_id, form_url, extra_context):
        if request.method != "POST":
            return super()._changeform_view(request, object_id, form_url, extra_context)
        try:
            with transaction.atomic():
                return super()._changeform_view(request, object_id, form_url, extra_context)
        except ServiceRejected as rejected:
            # Replay the POST: the form now carries the errors, so nothing is written.
            request._service_rejected = rejected
            if isinstance(rejected.error, MaintenanceActive) or rejected.subject:
                self.message_user(request, rejected.message, messages.ERROR)
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            with transaction.atomic():
                return super().delete_view(request, object_id, extra_context)
        except ServiceRejected as rejected:
            self.message_user(request, rejected.message, messages.ERROR)
            opts = self.opts
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[object_id],
                current_app=self.admin_site.name,
            )
            return HttpResponseRedirect(url)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            with transaction.atomic():
                return super().changelist_view(request, extra_context)
        except ServiceRejected as rejected:
            self.message_user(request, f"Nothing changed. {rejected.message}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
