"""Admin page for Unleash-format export, validate and import (the same services as the API)."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from core.errors import ServiceError
from flags.admin.base import admin_actor
from flags.batch_export import audit_export, dumps, export_features, parse_export_query
from flags.batch_validation import MAX_IMPORT_BYTES, parse_import, validate_import
from flags.models import Environment, Feature, Project
from flags.services.batch_import import import_batch
from maintenance.errors import MaintenanceActive


class ExportForm(forms.Form):
    environment = forms.ModelChoiceField(Environment.objects.all(), to_field_name="name")
    features = forms.ModelMultipleChoiceField(
        Feature.objects.active(),
        to_field_name="name",
        required=False,
        help_text="Leave empty to export every active flag.",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text=f"An export file (JSON, at most {MAX_IMPORT_BYTES // 1024} kB)"
    )
    project = forms.ModelChoiceField(Project.objects.all())
    environment = forms.ModelChoiceField(Environment.objects.all(), to_field_name="name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_IMPORT_BYTES // 1024} kB.")
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise forms.ValidationError(f"Not a JSON file: {exc}") from exc


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


def _import(request, form, context):
    body = {
        "project": form.cleaned_data["project"].pk,
        "environment": form.cleaned_data["environment"].name,
        "data": form.cleaned_data["file"],
    }
    req = parse_import(body)
    context["report"] = validate_import(req)
    if "import" in request.POST and not context["report"]["errors"]:
        summary = import_batch(req, actor=admin_actor(request))
        messages.success(request, f"Imported {len(summary['features'])} flag(s).")
        context["imported"] = summary


def batch_view(request, admin_site):
    """GET shows both forms; POST exports (download), validates or imports."""
    if not request.user.has_perm("flags.view_feature"):
        raise PermissionDenied
    export_form = ExportForm(request.POST if "export" in request.POST else None)
    import_form = ImportForm(
        request.POST if "export" not in request.POST and request.method == "POST" else None,
        request.FILES or None,
    )
    context = {**admin_site.each_context(request), "title": "Import and export flags"}
    try:
        if "export" in request.POST and export_form.is_valid():
            return _export(request, export_form)
        if "import" in request.POST and not request.user.has_perm("flags.add_feature"):
            raise PermissionDenied
        if request.method == "POST" and "export" not in request.POST and import_form.is_valid():
            _import(request, import_form, context)
    except (ServiceError, MaintenanceActive) as exc:
        messages.error(request, f"Nothing imported. {exc.message}")
    context.update(export_form=export_form, import_form=import_form)
    return render(request, "admin/flags/batch.html", context)
