"""Every case of the official Unleash client specification, evaluated by our engine."""

from __future__ import annotations

from functools import cache

import pytest

from flags.evaluation import CompiledState, compile_state
from tests.support import client_spec

CASES = list(client_spec.iter_cases())


@cache
def _state(filename: str) -> CompiledState:
    return compile_state(client_spec.states_by_file()[filename])


def test_client_specification__case_count__matches_published_totals():
    kinds = [kind for _, kind, _ in CASES]
    assert kinds.count("test") == client_spec.EXPECTED_TESTS
    assert kinds.count("variantTest") == client_spec.EXPECTED_VARIANT_TESTS


@pytest.mark.parametrize(
    ("filename", "kind", "case"),
    CASES,
    ids=[client_spec.case_id(filename, case) for filename, _, case in CASES],
)
def test_client_specification__case__matches_expected_result(filename, kind, case):
    state = _state(filename)
    if kind == "test":
        result = state.is_enabled(case["toggleName"], case["context"])
    else:
        result = state.get_variant(case["toggleName"], case["context"])
    assert result == case["expectedResult"]
