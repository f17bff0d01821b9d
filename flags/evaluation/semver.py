"""Strict SemVer 2.0.0 parsing and precedence (no leading ``v``, build metadata ignored)."""

from __future__ import annotations

import re

_NUMBER = r"0|[1-9]\d*"
_IDENT = r"(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)"
_SEMVER = re.compile(
    rf"({_NUMBER})\.({_NUMBER})\.({_NUMBER})"
    rf"(?:-({_IDENT}(?:\.{_IDENT})*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?",
    re.ASCII,
)

# A parsed version: (major, minor, patch, is_release, prerelease identifiers as sort keys)
SemverKey = tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]


def _identifier_key(identifier: str) -> tuple[int, int, str]:
    """Numeric identifiers sort before alphanumeric ones, numerically among themselves."""
    if identifier.isdigit():
        return (0, int(identifier), "")
    return (1, 0, identifier)


def parse_semver(text: str) -> SemverKey | None:
    """A sortable key for a strict SemVer string, or ``None`` if it is not one."""
    if not isinstance(text, str):
        return None
    match = _SEMVER.fullmatch(text)
    if match is None:
        return None
    major, minor, patch, pre, _build = match.groups()
    try:
        if pre is None:
            return (int(major), int(minor), int(patch), 1, ())
        identifiers = tuple(_identifier_key(part) for part in pre.split("."))
        return (int(major), int(minor), int(patch), 0, identifiers)
    except ValueError:  # a number longer than sys.get_int_max_str_digits(): not usable
        return None
