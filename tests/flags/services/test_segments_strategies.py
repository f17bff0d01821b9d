"""Segment name checks, setting a strategy's segments, and deleting a segment archived flags use."""

import pytest

from core.errors import Conflict, NotFound, ValidationFailed
from flags import services
from flags.models import Segment, Strategy
from flags.services import segments as segment_services
from maintenance.errors import MaintenanceActive
from maintenance.services import set_maintenance
from tests.support.rows import stored


@pytest.fixture
def strategy(feature, development, actor):
    return services.strategy_add(
        feature=feature, environment=development, name="default", actor=actor
    )


@pytest.fixture
def segments(actor):
    return [services.segment_create(name=f"tgx-s{i}", actor=actor) for i in (1, 2)]


def test_segment_validate_name__free__passes(db):
    assert segment_services.segment_validate_name("tgx-free name") is None


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", ValidationFailed),
        ("a\x00b", ValidationFailed),
        (7, ValidationFailed),
        ("tgx-s1", Conflict),
    ],
)
def test_segment_validate_name__bad_or_taken__refused(segments, name, error):
    with pytest.raises(error):
        segment_services.segment_validate_name(name)


def test_strategy_set_segments__two_then_one__stored_with_update_event(
    strategy, segments, actor, events
):
    ids = [s.pk for s in segments]
    segment_services.strategy_set_segments(strategy_id=strategy.pk, segment_ids=ids, actor=actor)
    segment_services.strategy_set_segments(
        strategy_id=strategy.pk, segment_ids=ids[:1], actor=actor
    )
    assert (
        list(Strategy.objects.get(pk=strategy.pk).segments.values_list("pk", flat=True)) == ids[:1]
    )
    updates = [e for e in events() if e.type == "feature-strategy-update"]
    assert [(e.pre_data["segments"], e.data["segments"]) for e in updates] == [
        ([], ids),
        (ids, ids[:1]),
    ]
    assert {(e.feature_name, e.environment) for e in updates} == {("checkout", "development")}


def test_strategy_set_segments__same_again__no_event(strategy, segments, actor, events):
    ids = [segments[0].pk]
    segment_services.strategy_set_segments(strategy_id=strategy.pk, segment_ids=ids, actor=actor)
    count = len(events())
    segment_services.strategy_set_segments(strategy_id=strategy.pk, segment_ids=ids, actor=actor)
    assert len(events()) == count


@pytest.mark.parametrize(
    ("strategy_id", "segment_ids", "error"),
    [
        (None, [], NotFound),
        ("not-a-uuid", [], NotFound),
        ("keep", [999_999], ValidationFailed),
        ("keep", [True], ValidationFailed),
        ("keep", "1", ValidationFailed),
    ],
)
def test_strategy_set_segments__unknown_or_malformed__refused_nothing_stored(
    strategy, segments, actor, strategy_id, segment_ids, error
):
    before = stored()
    target = strategy.pk if strategy_id == "keep" else strategy_id
    with pytest.raises(error):
        segment_services.strategy_set_segments(
            strategy_id=target, segment_ids=segment_ids, actor=actor
        )
    assert stored() == before


def test_strategy_set_segments__maintenance_on__refused(
    strategy, segments, actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        set_maintenance(enabled=True, actor=actor)
    before = stored()
    with pytest.raises(MaintenanceActive):
        segment_services.strategy_set_segments(
            strategy_id=strategy.pk, segment_ids=[segments[0].pk], actor=actor
        )
    assert stored() == before


def test_segment_delete__used_only_by_archived_flag__deleted(feature, development, actor):
    segment = services.segment_create(name="tgx-old", actor=actor)
    services.strategy_add(
        feature=feature, environment=development, name="default", segments=[segment.pk], actor=actor
    )
    with pytest.raises(ValidationFailed):
        services.segment_delete(segment=segment, actor=actor)
    services.feature_archive(feature=feature, actor=actor)
    services.segment_delete(segment=segment, actor=actor)
    assert not Segment.objects.filter(pk=segment.pk).exists()
