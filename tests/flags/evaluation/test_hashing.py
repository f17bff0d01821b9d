"""Murmur3 bucketing check values from the client specification and Unleash's normalizedValue."""

from __future__ import annotations

import pytest

from flags.evaluation.hashing import rollout_bucket, variant_bucket


@pytest.mark.parametrize(
    ("identifier", "group_id", "expected"),
    [("122", "AB12A", 23), ("155", "AB12A", 100), ("174", "Feature.flexibleRollout.10", 10)],
)
def test_rollout_bucket__spec_check_values__match(identifier, group_id, expected):
    assert rollout_bucket(identifier, group_id) == expected


@pytest.mark.parametrize(("user_id", "expected"), [("232", 18), ("607", 58), ("656", 94)])
def test_variant_bucket__feature_variants_c__match_contract(user_id, expected):
    assert variant_bucket(user_id, "Feature.Variants.C", 99) == expected


def test_rollout_bucket__many_identifiers__stay_within_1_to_100():
    buckets = {rollout_bucket(str(i), "group") for i in range(2000)}
    assert min(buckets) == 1
    assert max(buckets) == 100


def test_rollout_bucket__unicode_identifier__is_stable():
    assert rollout_bucket("😊", "grüppe") == rollout_bucket("😊", "grüppe")
