"""Writes on tag types and on the tags of a flag."""

from flags.actors import Actor
from flags.audit import record_event
from flags.errors import Conflict, NotFound, ValidationFailed
from flags.models import Feature, Tag, TagType
from flags.services._base import write_service
from flags.validation import validate_slug


@write_service
def tag_type_create(*, name: str, actor: Actor, description: str = "", icon: str = "") -> TagType:
    errors = validate_slug(name, "name", 255)
    if errors:
        raise ValidationFailed.from_details(errors)
    if TagType.objects.filter(name=name).exists():
        raise Conflict.at("name", f"a tag type named {name!r} already exists")
    tag_type = TagType.objects.create(name=name, description=description or "", icon=icon or "")
    record_event("tag-type-created", actor=actor, data={"name": name, "description": description})
    return tag_type


@write_service
def tag_type_update(
    *, tag_type: TagType, actor: Actor, description: str, icon: str = ""
) -> TagType:
    before = {"name": tag_type.name, "description": tag_type.description}
    tag_type.description = description or ""
    tag_type.icon = icon or ""
    tag_type.save()
    record_event(
        "tag-type-updated",
        actor=actor,
        data={"name": tag_type.name, "description": tag_type.description},
        pre_data=before,
    )
    return tag_type


@write_service
def tag_type_delete(*, tag_type: TagType, actor: Actor) -> None:
    before = {"name": tag_type.name, "description": tag_type.description}
    tag_type.delete()
    record_event("tag-type-deleted", actor=actor, pre_data=before)


def _tag(type_name: str, value: str) -> Tag:
    if not isinstance(value, str) or not value.strip() or len(value) > 255:
        raise ValidationFailed.at("value", "must be a non-empty string")
    tag_type = TagType.objects.filter(name=type_name).first()
    if tag_type is None:
        raise NotFound.at("type", f"unknown tag type {type_name!r}")
    tag, _ = Tag.objects.get_or_create(type=tag_type, value=value.strip())
    return tag


@write_service
def feature_tag_add(*, feature: Feature, type: str, value: str, actor: Actor) -> Tag:
    tag = _tag(type, value)
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
