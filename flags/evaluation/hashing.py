"""MurmurHash3-based bucketing shared by rollouts and variant selection.

mmh3 is a C extension that has segfaulted on a ``str`` it could not encode (a lone surrogate),
so it is only ever given bytes produced here by the shared edge rule ``safe_utf8`` (a lone
surrogate becomes U+FFFD, as a browser's TextEncoder does). For every encodable string those
are exactly the bytes mmh3 hashed before, so existing buckets do not move.
"""

from __future__ import annotations

import mmh3

from core.textcheck import safe_utf8

ROLLOUT_SEED = 0
VARIANT_SEED = 86028157


def _murmur(identifier: str, group_id: str, seed: int) -> int:
    key = f"{group_id}:{identifier}"
    try:
        # the hot path: plain encode() costs ~40 ns where safe_utf8's scan costs ~350 ns
        data = key.encode()
    except UnicodeEncodeError:
        data = safe_utf8(key)
    return mmh3.hash(data, seed, signed=False)


def rollout_bucket(identifier: str, group_id: str) -> int:
    """The 1..100 bucket a rollout percentage is compared against."""
    return _murmur(identifier, group_id, ROLLOUT_SEED) % 100 + 1


def variant_bucket(identifier: str, group_id: str, total_weight: int) -> int:
    """The 1..total_weight position used to pick a weighted variant."""
    return _murmur(identifier, group_id, VARIANT_SEED) % total_weight + 1
