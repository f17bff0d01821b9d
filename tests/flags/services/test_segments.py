"""Segment writes: create, update, delete."""

import pytest

from core.errors import Conflict, ValidationFailed
from flags import services
from flags.models import Segment

CONSTRAINT = {"contextName": "country", "operator": "IN", "values": ["NO", "SE"]}


@pytest.fixture
def segment(actor):
    return services.segment_create(name="nordics", actor=actor, constraints=[CONSTRAINT])


def test_segment_create__valid__stored_normalized_with_event(actor, default_project, events):
    segment = services.segment_create(
        name="beta",
        actor=actor,
        description="Beta users",
        project="default",
        constraints=[CONSTRAINT],
    )
    stored = Segment.objects.get(pk=segment.pk)
    assert stored.constraints == [{**CONSTRAINT, "caseInsensitive": False, "inverted": False}]
    assert (stored.project, stored.created_by) == (default_project, actor.user)
    [event] = events()
    assert (event.type, event.project) == ("segment-created", "default")
    assert event.data == {
        "id": segment.id,
        "name": "beta",
        "description": "Beta users",
        "project": "default",
        "constraints": stored.constraints,
    }


def test_segment_create__global_segment__event_without_project(actor, events):
    services.segment_create(name="all", actor=actor)
    assert events()[0].project == ""


def test_segment_create__name_taken__conflict(segment, actor, events):
    with pytest.raises(Conflict) as exc:
        services.segment_create(name="nordics", actor=actor)
    assert exc.value.details[0]["path"] == "name"
    assert events() == []


@pytest.mark.parametrize(
    ("spec", "path"),
    [
        ({"name": ""}, "name"),
        ({"name": "x", "description": 3}, "description"),
        ({"name": "x", "project": "nope"}, "project"),
        ({"name": "x", "constraints": {"a": 1}}, "constraints"),
        (
            {"name": "x", "constraints": [CONSTRAINT, {"contextName": "a"}]},
            "constraints[1].operator",
        ),
        ({"name": "x", "owner": "me"}, "owner"),
    ],
)
def test_segment_create__bad_field__validation_error_naming_it(actor, events, spec, path):
    with pytest.raises(ValidationFailed) as exc:
        services.segment_create(actor=actor, **spec)
    assert exc.value.details[0]["path"] == path
    assert not Segment.objects.exists()
    assert events() == []


def test_segment_create__no_name__validation_error(actor):
    with pytest.raises(ValidationFailed) as exc:
        services.segment_create(actor=actor, constraints=[])
    assert exc.value.details[0]["path"] == "name"


def test_segment_update__changed__event_with_before_and_after(segment, actor, events):
    services.segment_update(segment=segment, actor=actor, name="nordic", constraints=[])
    stored = Segment.objects.get(pk=segment.pk)
    assert (stored.name, stored.constraints) == ("nordic", [])
    [event] = events()
    assert event.type == "segment-updated"
    assert (event.pre_data["name"], event.data["name"]) == ("nordics", "nordic")
    assert (len(event.pre_data["constraints"]), event.data["constraints"]) == (1, [])


def test_segment_update__same_name__no_conflict(segment, actor):
    services.segment_update(segment=segment, actor=actor, name="nordics", description="d")
    assert Segment.objects.get(pk=segment.pk).description == "d"


def test_segment_update__name_of_another__conflict(segment, actor, events):
    services.segment_create(name="other", actor=actor)
    start = len(events())
    with pytest.raises(Conflict):
        services.segment_update(segment=segment, actor=actor, name="other")
    assert len(events()) == start


def test_segment_update__bad_constraint__unchanged(segment, actor, events):
    with pytest.raises(ValidationFailed):
        services.segment_update(
            segment=segment,
            actor=actor,
            constraints=[{"contextName": "n", "operator": "NUM_GT", "value": "ten"}],
        )
    assert len(Segment.objects.get(pk=segment.pk).constraints) == 1
    assert events() == []


def test_segment_delete__unused__removed_with_event(segment, actor, events):
    services.segment_delete(segment=segment, actor=actor)
    assert not Segment.objects.filter(pk=segment.pk).exists()
    [event] = events()
    assert (event.type, event.pre_data["name"], event.data) == ("segment-deleted", "nordics", None)


def test_segment_delete__used_by_strategy__refused(segment, feature, development, actor, events):
    services.strategy_add(
        feature=feature,
        environment=development,
        actor=actor,
        name="default",
        segments=[segment.id],
    )
    start = len(events())
    with pytest.raises(ValidationFailed) as exc:
        services.segment_delete(segment=segment, actor=actor)
    assert "1 strategies" in exc.value.message
    assert Segment.objects.filter(pk=segment.pk).exists()
    assert len(events()) == start
