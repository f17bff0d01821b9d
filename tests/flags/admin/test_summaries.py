"""Readable strategy, constraint and last-seen summaries shown on the admin pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from flags.admin.summaries import constraint_text, parameters_text, seen_text


def test_parameters_text__flexible_rollout_with_stickiness__percent_of_field():
    assert parameters_text("flexibleRollout", {"rollout": "50", "stickiness": "userId"}) == (
        "50% of userId"
    )


def test_parameters_text__random_and_default_stickiness__named_plainly():
    assert parameters_text("flexibleRollout", {"rollout": "5", "stickiness": "random"}) == (
        "5% at random"
    )
    assert parameters_text("flexibleRollout", {"rollout": "20"}) == "20% (default stickiness)"


def test_parameters_text__list_strategies__values_listed():
    assert parameters_text("userWithId", {"userIds": "1, 2,3"}) == "user ids: 1, 2, 3"
    assert parameters_text("remoteAddress", {"IPs": ""}) == "no IPs"
    assert parameters_text("default", {}) == "everyone"


def test_parameters_text__custom_strategy__key_value_pairs():
    assert parameters_text("byRegion", {"region": "eu", "tier": "gold"}) == (
        "region = eu, tier = gold"
    )


def test_constraint_text__values_list__operator_and_bracketed_values():
    constraint = {"contextName": "userId", "operator": "IN", "values": ["1", "2"]}
    assert constraint_text(constraint) == "userId IN [1, 2]"


def test_constraint_text__inverted_single_value_case_insensitive__all_flags_shown():
    constraint = {
        "contextName": "email",
        "operator": "STR_ENDS_WITH",
        "value": "@example.com",
        "inverted": True,
        "caseInsensitive": True,
    }
    assert constraint_text(constraint) == "NOT email STR_ENDS_WITH @example.com (any case)"


def test_seen_text__never_recent_and_older__readable():
    now = timezone.now()
    assert seen_text(None, now) == "never"
    assert seen_text(now - timedelta(seconds=20), now) == "seen just now"
    assert seen_text(now - timedelta(minutes=3, seconds=5), now) == "seen 3\xa0minutes ago"


@pytest.mark.parametrize(
    ("operator", "value", "shown"),
    [
        (
            "DATE_AFTER",
            "2024-01-01T00:00:00.000Z",
            "currentTime DATE_AFTER 2024-01-01T00:00:00.000Z",
        ),
        ("NUM_GT", "5", "currentTime NUM_GT 5"),
        ("SEMVER_LT", "2.0.0", "currentTime SEMVER_LT 2.0.0"),
    ],
)
def test_constraint_text__single_value_as_stored_with_empty_values__value_shown(
    operator, value, shown
):
    # What normalize_constraint stores: the operand in value, values left empty.
    constraint = {"contextName": "currentTime", "operator": operator, "value": value, "values": []}
    assert constraint_text(constraint) == shown
