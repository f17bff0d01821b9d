"""Writes on tag types and on the tags of a flag."""

from flags.actors import Actor
from flags.audit import record_event
from flags.errors import Conflict, NotFound, ValidationFailed
from flags.models import Feature, Tag, TagType
from flags.services._base import locked, write_service
from flags.services._spec import column_length
from flags.validation import check_text, validate_slug


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
