"""Fixtures every flags test module may ask for."""

from tests.support.text_edges import world  # noqa: F401  (a fixture: one of everything)
