"""Writes on strategy types (definitions) and flag-type lifetimes; the check every path shares."""

from core.actors import Actor
from core.audit import record_event
from core.errors import Conflict, NotFound, ValidationFailed
from core.services import locked, write_service
from core.textcheck import check_text
from flags.models import FeatureTypeDefinition, StrategyDefinition
from flags.services._spec import column_length, optional_text, unknown_fields
from flags.validation import validate_slug

FIELDS = ("name", "title", "description", "parameters")
PARAMETER_FIELDS = ("name", "type", "description", "required")
MAX_LIFETIME = 2**31 - 1


def unknown_strategy_errors(name, path: str = "name") -> list[dict]:
    """One error naming ``path`` when no definition has this name (Unleash's wording)."""
    if not isinstance(name, str) or StrategyDefinition.objects.filter(name=name).exists():
        return []
    return [{"path": path, "message": f"Could not find strategy type with name {name}"}]


def undefined_strategy_names(names) -> list[str]:
    """The distinct names among ``names`` that no definition has, sorted."""
    wanted = {n for n in names if isinstance(n, str)}
    known = set(StrategyDefinition.objects.filter(name__in=wanted).values_list("name", flat=True))
    return sorted(wanted - known)


def definition_snapshot(definition: StrategyDefinition) -> dict:
    return {
        "name": definition.name,
        "title": definition.title,
        "displayName": definition.display_name,
        "description": definition.description,
        "parameters": definition.parameters,
        "editable": definition.editable,
        "deprecated": definition.deprecated,
    }


def _parameter(raw, path: str) -> tuple[dict, list[dict]]:
    if not isinstance(raw, dict):
        return {}, [{"path": path, "message": "must be an object"}]
    errors = unknown_fields(raw, PARAMETER_FIELDS, "strategy parameter attribute")
    for key in ("name", "type"):
        errors += check_text(raw.get(key), f"{path}.{key}", 255, required=True)
    clean = {"name": raw.get("name"), "type": raw.get("type")}
    errors += optional_text(raw, "description", clean, path=f"{path}.description")
    if "required" in raw:
        clean["required"] = raw["required"]
        if not isinstance(raw["required"], bool):
            errors.append({"path": f"{path}.required", "message": "must be true or false"})
    return clean, errors


def _parameters(raw) -> tuple[list, list[dict]]:
    if not isinstance(raw, list):
        return [], [{"path": "parameters", "message": "is required and must be a list"}]
    clean, errors = [], []
    for index, item in enumerate(raw):
        parameter, errs = _parameter(item, f"parameters[{index}]")
        clean.append(parameter)
        errors += errs
    return clean, errors


def _clean(spec: dict) -> dict:
    errors, clean = unknown_fields(spec, FIELDS, "strategy type field"), {}
    for key in ("title", "description"):
        if key in spec:
            limit = column_length(StrategyDefinition, key)
            errors += optional_text(spec, key, clean, limit)
            clean[key] = spec[key]  # None stays None, as Unleash answers null
    clean["parameters"], errs = _parameters(spec.get("parameters"))
    errors += errs
    if errors:
        raise ValidationFailed.from_details(errors)
    return clean


def _editable(name: str) -> StrategyDefinition:
    definition = _get(name)
    if definition.built_in:
        raise ValidationFailed.at("name", f"Cannot edit strategy {name}")
    return definition


def _get(name: str) -> StrategyDefinition:
    try:
        return locked(StrategyDefinition, name=name)
    except NotFound as exc:
        raise NotFound.at("name", "No strategy found") from exc


@write_service
def definition_create(*, actor: Actor, **spec) -> StrategyDefinition:
    name = spec.get("name")
    errors = check_text(name, "name", 100, required=True) or validate_slug(name, "name")
    if errors:
        raise ValidationFailed.from_details(errors)
    clean = _clean(spec)
    if StrategyDefinition.objects.filter(name=name).exists():
        raise Conflict.at("name", f"Strategy with name {name} already exist!")
    definition = StrategyDefinition.objects.create(name=name, **clean)
    record_event("strategy-created", actor=actor, data=definition_snapshot(definition))
    return definition


@write_service
def definition_update(*, name: str, actor: Actor, **spec) -> StrategyDefinition:
    """Replace a custom definition's title, description and parameters (the name stays)."""
    spec.pop("name", None)
    definition = _editable(name)
    clean = _clean(spec)
    before = definition_snapshot(definition)
    for key, value in clean.items():
        setattr(definition, key, value)
    definition.save()
    data = definition_snapshot(definition)
    record_event("strategy-updated", actor=actor, data=data, pre_data=before)
    return definition


@write_service
def definition_delete(*, name: str, actor: Actor) -> None:
    definition = _editable(name)
    before = definition_snapshot(definition)
    definition.delete()
    record_event("strategy-deleted", actor=actor, data={"name": name}, pre_data=before)


@write_service
def definition_set_deprecated(*, name: str, deprecated: bool, actor: Actor) -> None:
    """Deprecate or reactivate any definition, built-ins included (Unleash allows both)."""
    definition = _get(name)
    definition.deprecated = deprecated
    definition.save(update_fields=["deprecated"])
    kind = "strategy-deprecated" if deprecated else "strategy-reactivated"
    record_event(kind, actor=actor, data={"name": name})


@write_service
def feature_type_set_lifetime(*, type_id: str, lifetime_days, actor: Actor):
    """Store a flag type's expected lifetime; 0 and None both mean permanent."""
    if lifetime_days is not None and (
        isinstance(lifetime_days, bool)
        or not isinstance(lifetime_days, int)
        or not 0 <= lifetime_days <= MAX_LIFETIME
    ):
        raise ValidationFailed.at("lifetimeDays", f"must be null or 0 to {MAX_LIFETIME}")
    try:
        kind = locked(FeatureTypeDefinition, id=str(type_id).lower())
    except NotFound as exc:
        message = f'The feature type you tried to update ("{type_id}") does not exist.'
        raise NotFound.at("id", message) from exc
    before = _type_snapshot(kind)
    kind.lifetime_days = lifetime_days or None
    kind.save(update_fields=["lifetime_days"])
    data = _type_snapshot(kind)
    record_event("feature-type-updated", actor=actor, data=data, pre_data=before)
    return kind


def _type_snapshot(kind: FeatureTypeDefinition) -> dict:
    return {
        "id": kind.id,
        "name": kind.name,
        "description": kind.description,
        "lifetimeDays": kind.lifetime_days,
    }
