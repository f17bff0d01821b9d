"""Strict SemVer 2.0 parsing and precedence."""

from __future__ import annotations

import pytest

from flags.evaluation.semver import parse_semver

ORDERED = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.0.1",
    "1.2.0",
    "2.0.0-alpha.1",
    "2.0.0-alpha.3",
    "2.0.0-beta.1",
    "2.0.0-rc",
    "2.0.0",
    "10.0.0",
]


@pytest.mark.parametrize(("lower", "higher"), list(zip(ORDERED, ORDERED[1:], strict=False)))
def test_parse_semver__ordered_pair__lower_key_sorts_first(lower, higher):
    assert parse_semver(lower) < parse_semver(higher)
    assert parse_semver(higher) > parse_semver(lower)


def test_parse_semver__build_metadata__is_ignored():
    assert parse_semver("1.2.3+build.7") == parse_semver("1.2.3")
    assert parse_semver("1.2.3-rc.1+x") == parse_semver("1.2.3-rc.1+y")


@pytest.mark.parametrize(
    "text",
    ["v1.0.0", "1.0", "1", "01.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", " 1.0.0", "1.0.0 ", "", "x"],
)
def test_parse_semver__invalid_text__returns_none(text):
    assert parse_semver(text) is None


def test_parse_semver__non_string__returns_none():
    assert parse_semver(None) is None
    assert parse_semver(1) is None
