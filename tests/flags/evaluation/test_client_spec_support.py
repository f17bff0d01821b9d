"""The client-specification helper: caching, ordering and delta folding."""

from __future__ import annotations

from tests.support import client_spec


def test_load_spec_files__cached_package__follows_index_order():
    names = [name for name, _ in client_spec.load_spec_files()]
    assert names == client_spec.load_index()
    assert names[0] == "01-simple-examples.json"
    assert len(names) == 22


def test_fold_delta_state__events__apply_in_order():
    state = {
        "events": [
            {"eventId": 1, "type": "hydration", "features": [{"name": "a"}, {"name": "b"}]},
            {"eventId": 2, "type": "feature-updated", "feature": {"name": "a", "enabled": True}},
            {"eventId": 3, "type": "feature-removed", "featureName": "b", "project": "default"},
            {"eventId": 4, "type": "segment-updated", "segment": {"id": 1, "constraints": []}},
            {"eventId": 5, "type": "feature-updated", "feature": {"name": "c"}},
        ]
    }
    body = client_spec.fold_delta_state(state)
    assert body["features"] == [{"name": "a", "enabled": True}, {"name": "c"}]
    assert body["segments"] == [{"id": 1, "constraints": []}]


def test_fold_delta_state__regular_body__is_returned_as_a_copy():
    body = {"version": 2, "features": [{"name": "a"}]}
    folded = client_spec.fold_delta_state(body)
    assert folded == body
    assert folded is not body


def test_states_by_file__delta_files__become_features_bodies():
    states = client_spec.states_by_file()
    assert [f["name"] for f in states["20-delta-api-events.json"]["features"]] == [
        "delta.api.events.updated.1",
        "delta.api.events.updated.3",
    ]
