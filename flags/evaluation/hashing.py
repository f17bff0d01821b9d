"""MurmurHash3-based bucketing shared by rollouts and variant selection."""

from __future__ import annotations

import mmh3

ROLLOUT_SEED = 0
VARIANT_SEED = 86028157


def normalized_hash(identifier: str, group_id: str, modulus: int = 100, seed: int = 0) -> int:
    """``murmur3_x86_32(f"{group_id}:{identifier}", seed) % modulus + 1`` (1..modulus)."""
    return mmh3.hash(f"{group_id}:{identifier}", seed, signed=False) % modulus + 1


def rollout_bucket(identifier: str, group_id: str) -> int:
    """The 1..100 bucket a rollout percentage is compared against."""
    return mmh3.hash(f"{group_id}:{identifier}", ROLLOUT_SEED, signed=False) % 100 + 1


def variant_bucket(identifier: str, group_id: str, total_weight: int) -> int:
    """The 1..total_weight position used to pick a weighted variant."""
    return mmh3.hash(f"{group_id}:{identifier}", VARIANT_SEED, signed=False) % total_weight + 1
