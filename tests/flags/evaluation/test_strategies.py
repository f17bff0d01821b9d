"""Built-in strategies, compiled in isolation."""

from __future__ import annotations

from unittest import mock

import pytest

from flags.evaluation.context import normalise_context
from flags.evaluation.strategies import compile_segments, compile_strategy


def on(strategy: dict, context: dict, segments: dict | None = None) -> bool:
    compiled = compile_strategy(strategy, "feature.x", segments or {})
    return compiled.is_on(normalise_context(context))


def test_user_with_id__listed_user__is_on():
    strategy = {"name": "userWithId", "parameters": {"userIds": " 1 ,2,  3 "}}
    assert on(strategy, {"userId": "3"})
    assert not on(strategy, {"userId": "4"})
    assert not on(strategy, {})


def test_user_with_id__empty_entry__matches_empty_user_id_like_sdks():
    assert on({"name": "userWithId", "parameters": {"userIds": "1, ,2"}}, {"userId": ""})
    assert not on({"name": "userWithId", "parameters": {"userIds": "1,2"}}, {"userId": ""})


def test_gradual_rollout_user_id__missing_group_id__is_off():
    assert not on(
        {"name": "gradualRolloutUserId", "parameters": {"percentage": "100"}}, {"userId": "1"}
    )


def test_gradual_rollout_session_id__bucket_within_percentage__is_on():
    strategy = {
        "name": "gradualRolloutSessionId",
        "parameters": {"percentage": "23", "groupId": "AB12A"},
    }
    assert on(strategy, {"sessionId": "122"})
    assert not on(strategy, {"userId": "122"})


@pytest.mark.parametrize(("percentage", "expected"), [("0", False), ("100", True)])
def test_gradual_rollout_random__extreme_percentages__are_deterministic(percentage, expected):
    strategy = {"name": "gradualRolloutRandom", "parameters": {"percentage": percentage}}
    assert all(on(strategy, {}) is expected for _ in range(50))


@pytest.mark.parametrize("rollout", ["50.0", " 50", "1e2", "-5", "abc", ""])
def test_flexible_rollout__non_integer_rollout__is_off(rollout):
    strategy = {"name": "flexibleRollout", "parameters": {"rollout": rollout, "groupId": "g"}}
    assert not on(strategy, {"userId": "2"})


def test_flexible_rollout__empty_user_id__is_used_as_sticky_value():
    strategy = {"name": "flexibleRollout", "parameters": {"rollout": "50", "groupId": "g"}}
    outcomes = {on(strategy, {"userId": ""}) for _ in range(30)}
    assert len(outcomes) == 1


def test_flexible_rollout__missing_rollout__is_off():
    assert not on(
        {"name": "flexibleRollout", "parameters": {"stickiness": "default"}}, {"userId": "1"}
    )


def test_flexible_rollout__no_group_id__hashes_with_feature_name():
    strategy = {"name": "flexibleRollout", "parameters": {"rollout": "10"}}
    compiled = compile_strategy(strategy, "Feature.flexibleRollout.10", {})
    assert compiled.is_on(normalise_context({"userId": "174"}))
    assert not compiled.is_on(normalise_context({"userId": "499"}))


def test_flexible_rollout__custom_stickiness_missing__is_off():
    strategy = {"name": "flexibleRollout", "parameters": {"rollout": "100", "stickiness": "tenant"}}
    assert not on(strategy, {"userId": "1"})
    assert on(strategy, {"properties": {"tenant": "acme"}})


def test_flexible_rollout__user_id_stickiness_missing__is_off_even_at_100():
    strategy = {"name": "flexibleRollout", "parameters": {"rollout": "100", "stickiness": "userId"}}
    assert not on(strategy, {"sessionId": "s"})


def test_flexible_rollout__default_stickiness_without_ids__rolls_randomly():
    strategy = {"name": "flexibleRollout", "parameters": {"rollout": "50"}}
    identifiers = [str(i) for i in range(20)]
    with mock.patch("flags.evaluation.context.random_sticky_value", side_effect=identifiers):
        outcomes = {on(strategy, {}) for _ in identifiers}
    assert outcomes == {True, False}


def test_remote_address__exact_and_cidr_entries__match():
    strategy = {"name": "remoteAddress", "parameters": {"IPs": "10.0.0.1, junk, 192.168.0.0/24"}}
    assert on(strategy, {"remoteAddress": "10.0.0.1"})
    assert on(strategy, {"remoteAddress": "192.168.0.77"})
    assert not on(strategy, {"remoteAddress": "10.0.0.2"})
    assert not on(strategy, {})


def test_remote_address__context_value_not_an_ip__is_off():
    strategy = {"name": "remoteAddress", "parameters": {"IPs": "10.0.0.0/8, junk"}}
    assert not on(strategy, {"remoteAddress": "10.0.0.0/8"})
    assert not on(strategy, {"remoteAddress": "junk"})


def test_application_hostname__this_host_listed__is_on():
    with mock.patch.dict("os.environ", {"HOSTNAME": "Web-1"}):
        assert on({"name": "applicationHostname", "parameters": {"hostNames": "db,web-1"}}, {})
        assert not on({"name": "applicationHostname", "parameters": {"hostNames": "db"}}, {})


def test_unknown_strategy__any_context__is_off():
    assert not on({"name": "myCustomStrategy", "parameters": {}}, {"userId": "1"})


def test_disabled_strategy__any_context__is_off():
    assert not on({"name": "default", "disabled": True}, {})


def test_strategy__constraint_fails__is_off():
    constraint = {"contextName": "userId", "operator": "IN", "values": ["1"]}
    assert on({"name": "default", "constraints": [constraint]}, {"userId": "1"})
    assert not on({"name": "default", "constraints": [constraint]}, {"userId": "2"})


def test_strategy__segment_constraints__must_all_hold():
    segments = compile_segments(
        [{"id": 7, "constraints": [{"contextName": "appName", "operator": "IN", "values": ["a"]}]}]
    )
    assert on({"name": "default", "segments": [7]}, {"appName": "a"}, segments)
    assert not on({"name": "default", "segments": [7]}, {"appName": "b"}, segments)


def test_strategy__missing_segment__is_off():
    assert not on({"name": "default", "segments": [404]}, {})


def test_strategy__string_segment_id__matches_numeric_segment():
    segments = compile_segments([{"id": 3, "constraints": []}])
    assert on({"name": "default", "segments": ["3"]}, {}, segments)


@pytest.mark.parametrize(
    "strategy",
    [
        None,
        "default",
        {},
        {"name": 7},
        {"name": "flexibleRollout", "parameters": "rollout=100"},
        {"name": "flexibleRollout", "parameters": {"rollout": "abc"}},
        {"name": "gradualRolloutUserId", "parameters": {"percentage": None, "groupId": "g"}},
        {"name": "remoteAddress", "parameters": {"IPs": 12}},
        {"name": "default", "constraints": "nope", "segments": [[1]]},
        {"name": "default", "variants": [{"name": 1}, None, {"weight": "x"}]},
    ],
)
def test_compile_strategy__garbage__never_raises(strategy):
    compiled = compile_strategy(strategy, "f", {})
    assert compiled.is_on(normalise_context({"userId": "1"})) in (True, False)
