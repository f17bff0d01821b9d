"""Admin page for Unleash-format export, validate and import (the same services as the API).

Validate first, then import: the validated file is kept server-side (in the cache, for an hour,
per user) so the import needs no second upload, and a preview shows what each flag will do.
"""

import json
import secrets

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from core.errors import ServiceError
from flags.admin.base import admin_actor
from flags.batch_export import audit_export, dumps, export_features, parse_export_query
from flags.batch_preview import preview_import
from flags.batch_validation import MAX_IMPORT_BYTES, parse_import, validate_import
from flags.models import Environment, Feature, Project
from flags.services.batch_import import import_batch
from maintenance.errors import MaintenanceActive

STAGE_SECONDS = 3600


class ExportForm(forms.Form):
    environment = forms.ModelChoiceField(Environment.objects.all(), to_field_name="name")
    features = forms.ModelMultipleChoiceField(
        Feature.objects.active(),
        to_field_name="name",
        required=False,
        widget=FilteredSelectMultiple("flags", is_stacked=False),
        help_text="Leave empty to export every active flag.",
    )


def _stage_key(user_id, token: str) -> str:
    return f"batch-import:{user_id}:{token}"


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        help_text=f"An export file (JSON, at most {MAX_IMPORT_BYTES // 1024} kB)",
    )
    staged = forms.CharField(required=False, widget=forms.HiddenInput)
    project = forms.ModelChoiceField(Project.objects.all())
    environment = forms.ModelChoiceField(Environment.objects.all(), to_field_name="name")

    def __init__(self, *args, user_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id = user_id
        self.upload = None  # {"name", "size", "data"} once a file is read or found staged

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_IMPORT_BYTES // 1024} kB.")
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise forms.ValidationError(f"Not a JSON file: {exc}") from exc
        self.upload = {"name": upload.name, "size": upload.size, "data": data}
        return upload

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("staged") or ""
        if self.upload is None and "file" not in self.errors:
            self.upload = cache.get(_stage_key(self.user_id, token)) if token else None
            if self.upload is None:
                message = (
                    "The validated file is no longer kept; choose it again."
                    if token
                    else "Choose an export file."
                )
                self.add_error("file", message)
        return cleaned

    def stage(self) -> str:
        """Keep the read file for the import step; the token goes back in the form."""
        token = self.cleaned_data.get("staged")
        if not token or self.cleaned_data.get("file") is not None:
            token = secrets.token_urlsafe(16)
        cache.set(_stage_key(self.user_id, token), self.upload, STAGE_SECONDS)
        return token

    def unstage(self) -> None:
        if self.cleaned_data.get("staged"):
            cache.delete(_stage_key(self.user_id, self.cleaned_data["staged"]))


def _export(request, form):
    names = [f.name for f in form.cleaned_data["features"]] or list(
        Feature.objects.active().values_list("name", flat=True)
    )
    environment = form.cleaned_data["environment"].name
    result = export_features(parse_export_query({"environment": environment, "features": names}))
    audit_export(result, environment=environment, actor=admin_actor(request))
    response = HttpResponse(dumps(result), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="export-{environment}.json"'
    return response


def _validate_and_import(request, form, context):
    body = {
        "project": form.cleaned_data["project"].pk,
        "environment": form.cleaned_data["environment"].name,
        "data": form.upload["data"],
    }
    context["upload"] = {**form.upload, "token": form.stage()}
    req = parse_import(body)
    context["report"] = validate_import(req)
    context["preview"] = preview_import(req)
    if "import" in request.POST and not context["report"]["errors"]:
        summary = import_batch(req, actor=admin_actor(request))
        form.unstage()
        context["upload"] = None
        messages.success(request, f"Imported {len(summary['features'])} flag(s).")
        context["imported"] = summary


def batch_view(request, admin_site):
    """GET shows both forms; POST exports (download), validates or imports."""
    if not request.user.has_perm("flags.view_feature"):
        raise PermissionDenied
    posted_import = request.method == "POST" and "export" not in request.POST
    first_environment = Environment.objects.values_list("name", flat=True).first()
    export_form = ExportForm(
        request.POST if "export" in request.POST else None,
        initial={"environment": first_environment},
    )
    import_form = ImportForm(
        request.POST if posted_import else None,
        request.FILES if posted_import else None,
        user_id=request.user.pk,
        initial={"project": "default", "environment": first_environment},
    )
    context = {
        **admin_site.each_context(request),
        "title": "Import and export flags",
        "can_import": request.user.has_perm("flags.add_feature"),
    }
    try:
        if "export" in request.POST and export_form.is_valid():
            return _export(request, export_form)
        if "import" in request.POST and not context["can_import"]:
            raise PermissionDenied
        if posted_import and import_form.is_valid():
            _validate_and_import(request, import_form, context)
    except (ServiceError, MaintenanceActive) as exc:
        messages.error(request, f"Nothing imported. {exc.message}")
    context.update(export_form=export_form, import_form=import_form)
    context["media"] = export_form.media
    return render(request, "admin/flags/batch.html", context)
