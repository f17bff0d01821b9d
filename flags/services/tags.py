"""Writes on tag types and on the tags of a flag."""

from core.actors import Actor
from core.audit import record_event
from core.errors import Conflict, NotFound, ValidationFailed
from core.services import locked, write_service
from core.textcheck import check_text
from flags.models import Feature, Tag, TagType
from flags.services._spec import column_length
from flags.validation import validate_slug


@write_service
def tag_type_create(*, name: str, actor: Actor, description: str = "", icon: str = "") -> TagType:
    errors = validate_slug(name, "name", 255) + _check_text(description=description, icon=icon)
    if errors:
        raise ValidationFailed.from_details(errors)
    if TagType.objects.filter(name=name).exists():
        raise Conflict.at("name", f"a tag type named {name!r} already exists")
    tag_type = TagType.objects.create(name=name, description=description or "", icon=icon or "")
    record_event("tag-type-created", actor=actor, data=_snapshot(tag_type))
    return tag_type


@write_service
def tag_type_update(
    *, tag_type: TagType, actor: Actor, description: str, icon: str = ""
) -> TagType:
    errors = _check_text(description=description, icon=icon)
    if errors:
        raise ValidationFailed.from_details(errors)
    tag_type = locked(TagType, pk=tag_type.pk)
    before = _snapshot(tag_type)
    tag_type.description = description or ""
    tag_type.icon = icon or ""
    tag_type.save()
    record_event("tag-type-updated", actor=actor, data=_snapshot(tag_type), pre_data=before)
    return tag_type


@write_service
def tag_type_delete(*, tag_type: TagType, actor: Actor) -> None:
    tag_type = locked(TagType, pk=tag_type.pk)
    before = _snapshot(tag_type)
    tag_type.delete()
    record_event("tag-type-deleted", actor=actor, pre_data=before)


def _snapshot(tag_type: TagType) -> dict:
    return {"name": tag_type.name, "description": tag_type.description, "icon": tag_type.icon}


def _check_text(**fields) -> list[dict]:
    """Tag type texts (None is allowed: it is stored as "")."""
    return [
        error
        for key, value in fields.items()
        if value is not None
        for error in check_text(value, key, column_length(TagType, key))
    ]


def _tag(type_name: str, value: str) -> Tag:
    errors = check_text(type_name, "type", column_length(TagType, "name"))
    errors += check_text(value, "value", column_length(Tag, "value"), required=True)
    if errors:
        raise ValidationFailed.from_details(errors)
    tag_type = TagType.objects.filter(name=type_name).first()
    if tag_type is None:
        raise NotFound.at("type", f"unknown tag type {type_name!r}")
    tag, _ = Tag.objects.get_or_create(type=tag_type, value=value.strip())
    return tag


@write_service
def feature_tag_add(*, feature: Feature, type: str, value: str, actor: Actor) -> Tag:
    tag = _tag(type, value)
    feature = locked(Feature, pk=feature.pk)  # concurrent adds of one tag would collide
    if feature.tags.filter(pk=tag.pk).exists():
        return tag
    feature.tags.add(tag)
    record_event(
        "feature-tagged",
        actor=actor,
        project=feature.project_id,
        feature=feature.name,
        data={"type": tag.type.name, "value": tag.value},
    )
    return tag


@write_service
def feature_tag_remove(*, feature: Feature, type: str, value: str, actor: Actor) -> None:
    errors = check_text(type, "type") + check_text(value, "value")
    if errors:
        raise ValidationFailed.from_details(errors)
    value = value.strip()
    feature = locked(Feature, pk=feature.pk)
    tag = Tag.objects.filter(type__name=type, value=value).first()
    if tag is None or not feature.tags.filter(pk=tag.pk).exists():
        raise NotFound.at("value", f"flag has no tag {type}:{value}")
    feature.tags.remove(tag)
    record_event(
        "feature-untagged",
        actor=actor,
        project=feature.project_id,
        feature=feature.name,
        pre_data={"type": type, "value": value},
    )


# Unleash's tag value rule: 2 to 50 characters once the surrounding blanks are trimmed.
TAG_VALUE_MIN, TAG_VALUE_MAX = 2, 50


def tag_type_validate_name(name) -> None:
    """Raise unless ``name`` could name a new tag type (Unleash's /tag-types/validate)."""
    errors = validate_slug(name, "name", column_length(TagType, "name"))
    if errors:
        raise ValidationFailed.from_details(errors)
    if TagType.objects.filter(name=name).exists():
        raise Conflict.at("name", f"There already exists a tag-type with the name {name}")


def _check_pairs(tags, path: str) -> list[tuple[str, str]]:
    """``tags`` as clean (type, value) pairs; ValidationFailed naming the bad item."""
    if not isinstance(tags, list):
        raise ValidationFailed.at(path, "must be a list of tags")
    errors, pairs = [], []
    for index, tag in enumerate(tags):
        where = f"{path}[{index}]"
        if not isinstance(tag, dict):
            errors.append({"path": where, "message": "must be an object with type and value"})
            continue
        type_name, value = tag.get("type"), tag.get("value")
        errors += check_text(
            type_name, f"{where}.type", column_length(TagType, "name"), required=True
        )
        errors += check_text(value, f"{where}.value", column_length(Tag, "value"), required=True)
        if isinstance(value, str) and not TAG_VALUE_MIN <= len(value.strip()) <= TAG_VALUE_MAX:
            message = f"must be {TAG_VALUE_MIN} to {TAG_VALUE_MAX} characters, blanks aside"
            errors.append({"path": f"{where}.value", "message": message})
        pairs.append((type_name, value.strip() if isinstance(value, str) else value))
    if errors:
        raise ValidationFailed.from_details(errors)
    return list(dict.fromkeys(pairs))  # a tag named twice is one change


def _known_types(pairs) -> dict[str, TagType]:
    names = {type_name for type_name, _ in pairs}
    types = {t.name: t for t in TagType.objects.filter(name__in=names)}
    missing = sorted(names - types.keys())
    if missing:
        raise ValidationFailed.at("type", f"Tag type '{missing[0]}' does not exist")
    return types


def _get_or_create_tag(tag_type: TagType, value: str, actor: Actor) -> Tag:
    tag, created = Tag.objects.get_or_create(type=tag_type, value=value)
    if created:
        record_event("tag-created", actor=actor, data={"type": tag_type.name, "value": value})
    return tag


@write_service
def tag_create(*, type: str, value: str, actor: Actor) -> Tag:
    [(type_name, clean_value)] = _check_pairs([{"type": type, "value": value}], "tag")
    tag_type = _known_types([(type_name, clean_value)])[type_name]
    if Tag.objects.filter(type=tag_type, value=clean_value).exists():
        raise Conflict.at("value", f"A tag {type_name}:{clean_value} already exists")
    return _get_or_create_tag(tag_type, clean_value, actor)


@write_service
def tag_delete(*, type: str, value: str, actor: Actor) -> None:
    """Delete a tag (and so untag every flag); an unknown tag is a no-op, as in Unleash."""
    errors = check_text(type, "type") + check_text(value, "value")
    if errors:
        raise ValidationFailed.from_details(errors)
    tag = Tag.objects.select_for_update().filter(type__name=type, value=value).first()
    if tag is None:
        return
    tag.delete()
    record_event("tag-deleted", actor=actor, pre_data={"type": type, "value": value})


def _retag(feature: Feature, added: list, removed: list, types: dict, actor: Actor) -> None:
    """Add then remove tags on one (locked) flag, one audit event per real change."""
    current = set(feature.tags.values_list("type__name", "value"))
    event = {"actor": actor, "project": feature.project_id, "feature": feature.name}
    for type_name, value in added:
        if (type_name, value) not in current and (type_name, value) not in removed:
            feature.tags.add(_get_or_create_tag(types[type_name], value, actor))
            record_event("feature-tagged", data={"type": type_name, "value": value}, **event)
    for type_name, value in removed:
        if (type_name, value) in current:
            feature.tags.remove(*Tag.objects.filter(type__name=type_name, value=value))
            record_event("feature-untagged", pre_data={"type": type_name, "value": value}, **event)


@write_service
def feature_tags_update(*, feature: Feature, added: list, removed: list, actor: Actor) -> Feature:
    """Unleash's PUT /features/{f}/tags: add ``added`` and remove ``removed`` in one write."""
    added, removed = _check_pairs(added, "addedTags"), _check_pairs(removed, "removedTags")
    types = _known_types(added)
    feature = locked(Feature, pk=feature.pk)
    _retag(feature, added, removed, types, actor)
    return feature


@write_service
def project_tags_update(
    *, project_id: str, features: list, added: list, removed: list, actor: Actor
) -> None:
    """Unleash's PUT /projects/{p}/tags: the same tag change on several flags of one project."""
    if not isinstance(features, list):
        raise ValidationFailed.at("features", "must be a list of flag names")
    errors = [e for i, name in enumerate(features) for e in check_text(name, f"features[{i}]")]
    if errors:
        raise ValidationFailed.from_details(errors)
    added, removed = _check_pairs(added, "addedTags"), _check_pairs(removed, "removedTags")
    types = _known_types(added)
    names = list(dict.fromkeys(features))
    # Sorted lock order: two bulk writes on overlapping flags cannot deadlock.
    rows = list(
        Feature.objects.select_for_update()
        .filter(project_id=project_id, name__in=names)
        .order_by("name")
    )
    if len(rows) != len(names):
        message = "Tried to change tags of feature not belonging to project"
        raise ValidationFailed.at("features", message)
    for feature in rows:
        _retag(feature, added, removed, types, actor)
