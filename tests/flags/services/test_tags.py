"""Tag type writes and tagging flags."""

import pytest

from core.errors import Conflict, NotFound, ValidationFailed
from flags import services
from flags.models import Tag, TagType


@pytest.fixture
def tag_type(actor):
    return services.tag_type_create(name="team", actor=actor, description="Owning team")


def test_tag_type_create__valid__stored_with_event(actor, events):
    services.tag_type_create(name="area", actor=actor, description="d", icon="star")
    assert TagType.objects.get(name="area").icon == "star"
    [event] = events()
    assert (event.type, event.data) == (
        "tag-type-created",
        {"name": "area", "description": "d", "icon": "star"},
    )


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [({"name": "has space"}, "name"), ({"name": "x", "description": 1}, "description")],
)
def test_tag_type_create__bad_field__validation_error(actor, events, kwargs, path):
    with pytest.raises(ValidationFailed) as exc:
        services.tag_type_create(actor=actor, **kwargs)
    assert exc.value.details[0]["path"] == path
    assert events() == []


def test_tag_type_create__name_taken__conflict(tag_type, actor):
    with pytest.raises(Conflict):
        services.tag_type_create(name="team", actor=actor)


def test_tag_type_update__new_description__event_with_before(tag_type, actor, events):
    services.tag_type_update(tag_type=tag_type, actor=actor, description="Squad")
    assert TagType.objects.get(pk=tag_type.pk).description == "Squad"
    [event] = events()
    assert event.type == "tag-type-updated"
    assert (event.pre_data["description"], event.data["description"]) == ("Owning team", "Squad")


def test_tag_type_update__bad_description__validation_error(tag_type, actor, events):
    with pytest.raises(ValidationFailed):
        services.tag_type_update(tag_type=tag_type, actor=actor, description={"a": 1})
    assert events() == []


def test_tag_type_delete__existing__removed_with_its_tags(tag_type, feature, actor, events):
    services.feature_tag_add(feature=feature, type="team", value="payments", actor=actor)
    services.tag_type_delete(tag_type=tag_type, actor=actor)
    assert not Tag.objects.exists()
    assert events()[-1].type == "tag-type-deleted"


def test_feature_tag_add__new_tag__tagged_with_event(tag_type, feature, actor, events):
    tag = services.feature_tag_add(feature=feature, type="team", value=" payments ", actor=actor)
    assert tag.value == "payments"
    assert list(feature.tags.all()) == [tag]
    [event] = events()
    assert (event.type, event.feature_name, event.project) == (
        "feature-tagged",
        "checkout",
        "default",
    )
    assert event.data == {"type": "team", "value": "payments"}


def test_feature_tag_add__already_tagged__no_second_event(tag_type, feature, actor, events):
    for _ in range(2):
        services.feature_tag_add(feature=feature, type="team", value="payments", actor=actor)
    assert feature.tags.count() == 1
    assert len(events()) == 1


def test_feature_tag_add__unknown_type__not_found(feature, actor, events):
    with pytest.raises(NotFound) as exc:
        services.feature_tag_add(feature=feature, type="nope", value="x", actor=actor)
    assert exc.value.details[0]["path"] == "type"
    assert events() == []


@pytest.mark.parametrize("value", ["", "  ", None, "x" * 256])
def test_feature_tag_add__bad_value__validation_error(tag_type, feature, actor, value):
    with pytest.raises(ValidationFailed) as exc:
        services.feature_tag_add(feature=feature, type="team", value=value, actor=actor)
    assert exc.value.details[0]["path"] == "value"
    assert not Tag.objects.exists()


def test_feature_tag_remove__tagged__untagged_with_event(tag_type, feature, actor, events):
    services.feature_tag_add(feature=feature, type="team", value="payments", actor=actor)
    services.feature_tag_remove(feature=feature, type="team", value=" payments", actor=actor)
    assert feature.tags.count() == 0
    event = events()[-1]
    assert (event.type, event.pre_data) == (
        "feature-untagged",
        {"type": "team", "value": "payments"},
    )


def test_feature_tag_remove__not_tagged__not_found(tag_type, feature, actor, events):
    with pytest.raises(NotFound):
        services.feature_tag_remove(feature=feature, type="team", value="x", actor=actor)
    assert events() == []
