"""compiled_state: the engine state per (environment, projects), cached per revision."""

from flags.payload import compiled_state
from tests.support.client_api import flag


def test_compiled_state__enabled_flag__evaluates_on(default_project, development):
    flag(default_project, development, "on.flag")
    state = compiled_state("development", ("*",))
    assert state.is_enabled("on.flag", {}) is True
    assert state.is_enabled("unknown", {}) is False


def test_compiled_state__same_revision__same_object(default_project, development):
    flag(default_project, development, "x")
    assert compiled_state("development", ("default",)) is compiled_state(
        "development", ("default",)
    )


def test_compiled_state__other_project_scope__flag_absent(default_project, development):
    flag(default_project, development, "x")
    assert compiled_state("development", ("elsewhere",)).is_enabled("x", {}) is False
