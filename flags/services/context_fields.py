"""Writes on context fields."""

from flags.actors import Actor
from flags.audit import record_event
from flags.errors import Conflict, ValidationFailed
from flags.models import ContextField
from flags.services._base import locked, locked_update, write_service
from flags.services._spec import column_length, optional_bool, optional_text, unknown_fields
from flags.snapshots import context_field_snapshot
from flags.validation import MAX_TEXT, check_text

# Built in to every SDK; Unleash lists them as context fields too.
STANDARD_FIELDS = ("appName", "environment", "userId", "sessionId", "remoteAddress", "currentTime")


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
            values.append({"value": value, "description": description})
    return values, errors


def _legal_value_errors(value, description, path: str) -> list[dict]:
    if not isinstance(value, str) or not value:
        return [{"path": f"{path}.value", "message": "must be a string"}]
    return check_text(value, f"{path}.value", MAX_TEXT) + check_text(
        description, f"{path}.description", MAX_TEXT
    )


def _clean(spec: dict) -> dict:
    errors, clean = [], {}
    allowed = ("name", "description", "stickiness", "legal_values", "sort_order")
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
    if errors:
        raise ValidationFailed.from_details(errors)
    return clean


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
    clean = _clean(spec)
    field, before, after = locked_update(ContextField, field.pk, clean, context_field_snapshot)
    record_event("context-field-updated", actor=actor, data=after, pre_data=before)
    return field


@write_service
def context_field_delete(*, field: ContextField, actor: Actor) -> None:
    field = locked(ContextField, pk=field.pk)
    before = context_field_snapshot(field)
    field.delete()
    record_event("context-field-deleted", actor=actor, pre_data=before)
