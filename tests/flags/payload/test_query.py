"""Payload query resolution: token scope narrowed by request filters, stable keys."""

import pytest

from flags.payload.builder import string_value
from flags.payload.query import resolve


def test_resolve__all_projects_token_with_project_filter__only_requested():
    query = resolve(("*",), "development", query={"project": ["b", "a"]}, inline_segments=False)
    assert query.projects == ("a", "b")


def test_resolve__scoped_token_asking_outside_scope__empty_scope():
    query = resolve(("a",), "development", query={"project": ["b"]}, inline_segments=False)
    assert query.projects == ()


def test_resolve__all_projects_token_no_filter__every_project():
    assert resolve(("*",), "dev", query={}, inline_segments=True).projects is None


def test_resolve__same_selection_in_another_order__same_key():
    one = resolve(("*",), "dev", query={"tag": ["t:a", "t:b"]}, inline_segments=False)
    two = resolve(("*",), "dev", query={"tag": ["t:b", "t:a"]}, inline_segments=False)
    assert one.key == two.key


def test_resolve__segment_mode_differs__key_differs():
    inline = resolve(("*",), "dev", query={}, inline_segments=True)
    top = resolve(("*",), "dev", query={}, inline_segments=False)
    assert inline.key != top.key


def test_resolve__malformed_tag__value_error():
    with pytest.raises(ValueError, match="tag"):
        resolve(("*",), "dev", query={"tag": ["novalue:"]}, inline_segments=False)


@pytest.mark.parametrize(
    ("value", "wire"),
    [("50", "50"), (50, "50"), (50.0, "50"), (0.5, "0.5"), (True, "true"), (None, "null")],
)
def test_string_value__any_json_value__string_as_unleash_sends(value, wire):
    assert string_value(value) == wire
