"""Writes on context fields (global or project-scoped) and their legal values."""

from core.actors import Actor
from core.audit import record_event
from core.errors import Conflict, NotFound, ValidationFailed
from core.services import locked, locked_update, write_service
from core.textcheck import MAX_TEXT, check_text
from flags.models import ContextField, Project, Strategy
from flags.services._spec import column_length, optional_bool, optional_text, unknown_fields
from flags.snapshots import context_field_snapshot

# Built in to every SDK; Unleash lists them as context fields too.
STANDARD_FIELDS = ("appName", "environment", "userId", "sessionId", "remoteAddress", "currentTime")
# Unleash's limit on one legal value added through the legal-values route.
LEGAL_VALUE_LENGTH = 100


def _legal_values(raw) -> tuple[list, list[dict]]:
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [{"path": "legalValues", "message": "must be a list"}]
    values, errors, seen = [], [], set()
    for i, item in enumerate(raw):
        if isinstance(item, str):
            item = {"value": item}
        value = item.get("value") if isinstance(item, dict) else None
        description = (item.get("description") or "") if isinstance(item, dict) else ""
        item_errors = _legal_value_errors(value, description, f"legalValues[{i}]")
        if not item_errors and value in seen:
            item_errors = [{"path": f"legalValues[{i}].value", "message": "duplicate value"}]
        errors += item_errors
        if not item_errors:
            seen.add(value)
            # Kept as given: Unleash shows no description key where none was sent.
            has_description = isinstance(item, dict) and item.get("description") is not None
            values.append(
                {"value": value, "description": description}
                if has_description
                else {"value": value}
            )
    return values, errors


def _legal_value_errors(value, description, path: str) -> list[dict]:
    if not isinstance(value, str) or not value:
        return [{"path": f"{path}.value", "message": "must be a string"}]
    return check_text(value, f"{path}.value", MAX_TEXT) + check_text(
        description, f"{path}.description", MAX_TEXT
    )


def _clean(spec: dict) -> dict:
    errors, clean = [], {}
    allowed = ("name", "description", "stickiness", "legal_values", "sort_order", "project")
    errors += unknown_fields(spec, allowed, "context field attribute")
    if "name" in spec:
        name = spec["name"]
        if not isinstance(name, str) or not name.strip() or " " in name:
            errors.append({"path": "name", "message": "must be a non-empty string without spaces"})
        else:
            errors += check_text(name, "name", column_length(ContextField, "name"))
        clean["name"] = name
    errors += optional_text(spec, "description", clean, column_length(ContextField, "description"))
    errors += optional_bool(spec, "stickiness", clean)
    if "sort_order" in spec:
        if isinstance(spec["sort_order"], bool) or not isinstance(spec["sort_order"], int):
            errors.append({"path": "sortOrder", "message": "must be an integer"})
        clean["sort_order"] = spec["sort_order"]
    if "legal_values" in spec:
        clean["legal_values"], errs = _legal_values(spec["legal_values"])
        errors += errs
    if spec.get("project") is not None:
        clean["project"] = _project(spec["project"])
    if errors:
        raise ValidationFailed.from_details(errors)
    return clean


def _project(project) -> Project:
    if isinstance(project, Project):
        return project
    errors = check_text(project, "project", column_length(Project, "id"))
    found = None if errors else Project.objects.filter(pk=project).first()
    if found is None:
        raise NotFound.at("project", f"no project {project!r}")
    return found


def in_project(field: ContextField, project_id: str | None) -> ContextField:
    """The field, if the route's project (when any) owns it: Unleash's 404 otherwise."""
    if project_id is not None and field.project_id != project_id:
        message = f"Could not find context field {field.name} in project {project_id}"
        raise NotFound.at("contextField", message)
    return field


def strategies_using(name: str):
    """Strategies of active flags with a constraint on this field (Unleash's usage rule)."""
    return Strategy.objects.filter(
        feature_environment__feature__archived_at__isnull=True,
        constraints__contains=[{"contextName": name}],
    ).select_related("feature_environment__feature")


def context_field_usage() -> dict:
    """Field name -> {"projects": set, "features": set} over active flags' constraints."""
    usage: dict = {}
    rows = Strategy.objects.filter(feature_environment__feature__archived_at__isnull=True)
    columns = ("constraints", "feature_environment__feature__project_id")
    for constraints, project, feature in rows.values_list(
        *columns, "feature_environment__feature__name"
    ):
        for constraint in constraints if isinstance(constraints, list) else []:
            name = constraint.get("contextName") if isinstance(constraint, dict) else None
            entry = usage.setdefault(name, {"projects": set(), "features": set()})
            entry["projects"].add(project)
            entry["features"].add(feature)
    return usage


@write_service
def context_field_create(*, actor: Actor, **spec) -> ContextField:
    if "name" not in spec:
        raise ValidationFailed.at("name", "is required")
    clean = _clean(spec)
    if ContextField.objects.filter(name=clean["name"]).exists():
        raise Conflict.at("name", f"a context field named {clean['name']!r} already exists")
    field = ContextField.objects.create(**clean)
    record_event("context-field-created", actor=actor, data=context_field_snapshot(field))
    return field


@write_service
def context_field_update(*, field: ContextField, actor: Actor, **spec) -> ContextField:
    spec.pop("name", None)  # the name is the identity; Unleash does not rename either
    spec.pop("project", None)  # nor moves a field between projects
    clean = _clean(spec)
    field, before, after = locked_update(ContextField, field.pk, clean, context_field_snapshot)
    record_event("context-field-updated", actor=actor, data=after, pre_data=before)
    return field


@write_service
def legal_value_put(*, field: ContextField, actor: Actor, value, description=None) -> ContextField:
    """Add a legal value, or replace the description of the one with the same value."""
    errors = _legal_value_errors(value, description or "", "")
    if isinstance(value, str) and len(value) > LEGAL_VALUE_LENGTH:
        errors.append({"path": "value", "message": f"must be at most {LEGAL_VALUE_LENGTH} chars"})
    if errors:
        raise ValidationFailed.from_details([{**e, "path": e["path"].lstrip(".")} for e in errors])
    item = {"value": value} if description is None else {"value": value, "description": description}
    return _set_legal_values(field, actor, lambda values: _replaced(values, item))


@write_service
def legal_value_delete(*, field: ContextField, actor: Actor, value: str) -> ContextField:
    """Remove a legal value; an unknown value changes nothing (as in Unleash)."""
    return _set_legal_values(
        field, actor, lambda values: [v for v in values if v.get("value") != value]
    )


def _replaced(values: list, item: dict) -> list:
    if any(v.get("value") == item["value"] for v in values):
        return [item if v.get("value") == item["value"] else v for v in values]
    return [*values, item]


def _set_legal_values(field: ContextField, actor: Actor, change) -> ContextField:
    field = locked(ContextField, pk=field.pk)
    before = context_field_snapshot(field)
    changed = change(list(field.legal_values or []))
    if changed == field.legal_values:
        return field  # nothing to write or audit (deleting a value that is not there)
    field.legal_values = changed
    field.save(update_fields=["legal_values"])
    after = context_field_snapshot(field)
    record_event("context-field-updated", actor=actor, data=after, pre_data=before)
    return field


@write_service
def context_field_delete(*, field: ContextField, actor: Actor) -> None:
    field = locked(ContextField, pk=field.pk)
    if strategies_using(field.name).exists():
        raise Conflict.at(
            "contextField",
            "This context field is in use by existing flags. To delete it, first remove its "
            "usage from all flags.",
        )
    before = context_field_snapshot(field)
    field.delete()
    record_event("context-field-deleted", actor=actor, pre_data=before)
