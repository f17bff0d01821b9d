"""Tags: the built-in type, creating and deleting tags, and changing the tags of many flags."""

import importlib

import pytest
from django.apps import apps

from core.errors import Conflict, ValidationFailed
from flags import services
from flags.models import Tag, TagType
from flags.models.tags import SIMPLE_TAG_TYPE
from flags.services import tags as tag_services
from maintenance.errors import MaintenanceActive
from maintenance.services import set_maintenance
from tests.support.rows import stored

MIGRATION = importlib.import_module("flags.migrations.0004_tg_simple_tag_type")
A = {"type": "simple", "value": "tgx-a"}
B = {"type": "simple", "value": "tgx-b"}


def _tags(feature) -> set[tuple[str, str]]:
    return set(feature.tags.values_list("type__name", "value"))


@pytest.fixture
def second(default_project, actor):
    return services.feature_create(project=default_project, name="checkout-2", actor=actor)


def test_simple_tag_type_migration__run_twice__one_row_as_in_unleash(db):
    TagType.objects.filter(name="simple").delete()
    MIGRATION.create_simple(apps, None)
    MIGRATION.create_simple(apps, None)
    row = TagType.objects.filter(name="simple")
    assert list(row.values("name", "description", "icon", "color")) == [SIMPLE_TAG_TYPE]


def test_simple_tag_type_migration__type_edited_before__kept(db, actor):
    simple = TagType.objects.get(name="simple")
    services.tag_type_update(tag_type=simple, description="ours", icon="i", actor=actor)
    MIGRATION.create_simple(apps, None)
    assert TagType.objects.get(name="simple").description == "ours"


def test_tag_type_validate_name__free_taken_bad__none_conflict_validation(db):
    assert tag_services.tag_type_validate_name("tgx-free") is None
    with pytest.raises(Conflict):
        tag_services.tag_type_validate_name("simple")
    with pytest.raises(ValidationFailed):
        tag_services.tag_type_validate_name("has space")


def test_tag_create__value_outside_2_to_50__refused_nothing_stored(db, actor):
    before = stored()
    for value in ("a", " b ", "x" * 51):
        with pytest.raises(ValidationFailed) as exc:
            tag_services.tag_create(type="simple", value=value, actor=actor)
        assert exc.value.details[0]["path"] == "tag[0].value"
    assert stored() == before


def test_tag_delete__unknown__no_event(db, actor, events):
    tag_services.tag_delete(type="simple", value="tgx-none", actor=actor)
    assert events() == []


def test_feature_tags_update__add_and_remove__events_per_real_change(feature, actor, event_types):
    tag_services.feature_tags_update(feature=feature, added=[A, B], removed=[], actor=actor)
    tag_services.feature_tags_update(feature=feature, added=[A], removed=[B, B], actor=actor)
    assert _tags(feature) == {("simple", "tgx-a")}
    assert event_types() == [
        "tag-created",
        "feature-tagged",
        "tag-created",
        "feature-tagged",
        "feature-untagged",
    ]
    assert Tag.objects.filter(value="tgx-b").exists()  # untagging keeps the tag, as in Unleash


def test_feature_tags_update__one_bad_tag__nothing_changed(feature, actor):
    before = stored()
    bad = {"type": "simple", "value": "a\ud800b"}
    with pytest.raises(ValidationFailed) as exc:
        tag_services.feature_tags_update(feature=feature, added=[A, bad], removed=[], actor=actor)
    assert exc.value.details[0]["path"] == "addedTags[1].value"
    assert stored() == before


def test_project_tags_update__flag_of_other_project__refused_nothing_changed(
    feature, second, actor
):
    before = stored()
    with pytest.raises(ValidationFailed) as exc:
        tag_services.project_tags_update(
            project_id="default", features=["checkout", "nope"], added=[A], removed=[], actor=actor
        )
    assert exc.value.details[0]["path"] == "features"
    assert stored() == before


def test_project_tags_update__two_flags__both_tagged(feature, second, actor):
    tag_services.project_tags_update(
        project_id="default",
        features=["checkout", "checkout-2"],
        added=[A],
        removed=[],
        actor=actor,
    )
    assert _tags(feature) == _tags(second) == {("simple", "tgx-a")}


@pytest.mark.parametrize(
    "write",
    [
        lambda f, a: tag_services.tag_create(type="simple", value="tgx-m", actor=a),
        lambda f, a: tag_services.tag_delete(type="simple", value="tgx-m", actor=a),
        lambda f, a: tag_services.feature_tags_update(feature=f, added=[A], removed=[], actor=a),
        lambda f, a: tag_services.project_tags_update(
            project_id="default", features=[f.name], added=[A], removed=[], actor=a
        ),
    ],
)
def test_tag_writes__maintenance_on__refused_nothing_stored(
    feature, actor, write, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the state is published on commit
        set_maintenance(enabled=True, actor=actor)
    before = stored()
    with pytest.raises(MaintenanceActive):
        write(feature, actor)
    assert stored() == before
