"""Property-based (hypothesis) tests: hostile JSON and unicode never crash or 5xx the server.

Shared strategies live here so every fuzz module draws from the same hostile alphabet: lone
surrogates, NUL, huge and non-finite numbers, deep nesting.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


# No example database: runs leave nothing behind in the work tree.
def examples(full: int) -> int:
    """`full` generated examples in the full run, scaled down with the loaded profile.

    The default profile (100 examples) keeps `full`; `make test-fast`'s profile (10) runs a
    tenth of them, at least five.
    """
    return max(5, full * settings.default.max_examples // 100)


# Twice the loaded profile's examples: 200 in the full run, 20 in `make test-fast`.
FUZZ = settings(
    max_examples=2 * settings.default.max_examples,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY_TEXT = [
    "\ud800", "\udfff", "a\ud83d", "\x00", "a\x00b", "😀", "\ufffd", "", " ", "1e999", "NaN",
    "-0", "Infinity", "9" * 5000, "9" * 5000 + ".0.0", "1.0.0-" + "9" * 5000, "1.2.3-beta.1",
    "10.0.0.1", "::1", "::1%\x00", "2030-01-01T00:00:00Z", "0000-00-00T00:00:00Z", "x" * 20_000,
    "true", "null", "__proto__", "properties", "(a+)+$",
]  # fmt: skip

# every code point, surrogates and controls included
any_char = st.characters(exclude_categories=())
# the hand-picked texts often, since random text rarely looks like a version or a date
hostile_text = st.one_of(st.sampled_from(TRICKY_TEXT), st.text(any_char, max_size=30))
hostile_number = st.one_of(
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63, -(2**64)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 5e-324, 0.1]),
)
scalar = st.one_of(st.none(), st.booleans(), hostile_number, hostile_text)


def nested(depth: int) -> object:
    """``depth`` levels of alternating lists and objects around a string."""
    value: object = "deep"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


json_value = st.one_of(
    st.recursive(
        scalar,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4)
        ),
        max_leaves=12,
    ),
    st.integers(1, 300).map(nested),
)

CONTEXT_FIELDS = ("userId", "sessionId", "remoteAddress", "environment", "appName", "currentTime")
# property names the shared every-rule state has constraints on, plus anything at all
property_name = st.sampled_from(["plan", "properties", "userId"]) | hostile_text


@st.composite
def context(draw) -> dict:
    """An SDK-style context: known fields, ``properties`` and stray keys, any JSON value."""
    fields = draw(st.dictionaries(st.sampled_from(CONTEXT_FIELDS), json_value, max_size=6))
    properties = draw(st.dictionaries(property_name, json_value, max_size=5) | json_value)
    stray = draw(st.dictionaries(property_name, json_value, max_size=3))
    return {**stray, **fields, "properties": properties}


def json_bytes(value: object) -> bytes:
    """``value`` as JSON with ASCII escapes, so lone surrogates travel as ``\\ud800``."""
    return json.dumps(value, allow_nan=True).encode("ascii")
