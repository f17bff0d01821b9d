"""Murmur3 bucketing check values from the specification and CONTRACT.md 2.3/2.5."""

from __future__ import annotations

import pytest

from flags.evaluation.hashing import (
    VARIANT_SEED,
    normalized_hash,
    rollout_bucket,
    variant_bucket,
)


@pytest.mark.parametrize(
    ("identifier", "group_id", "expected"),
    [("122", "AB12A", 23), ("155", "AB12A", 100), ("174", "Feature.flexibleRollout.10", 10)],
)
def test_rollout_bucket__spec_check_values__match(identifier, group_id, expected):
    assert rollout_bucket(identifier, group_id) == expected
    assert normalized_hash(identifier, group_id) == expected


@pytest.mark.parametrize(("user_id", "expected"), [("232", 18), ("607", 58), ("656", 94)])
def test_variant_bucket__feature_variants_c__match_contract(user_id, expected):
    assert variant_bucket(user_id, "Feature.Variants.C", 99) == expected
    assert normalized_hash(user_id, "Feature.Variants.C", 99, VARIANT_SEED) == expected


def test_rollout_bucket__many_identifiers__stay_within_1_to_100():
    buckets = {rollout_bucket(str(i), "group") for i in range(2000)}
    assert min(buckets) == 1
    assert max(buckets) == 100


def test_normalized_hash__unicode_identifier__is_stable():
    assert normalized_hash("😊", "grüppe") == normalized_hash("😊", "grüppe")
