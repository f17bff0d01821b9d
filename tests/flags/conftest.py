"""Fixtures every flags test module may ask for."""

from tests.support.text_edges import _module_world, world  # noqa: F401  (fixtures: one of everything)
