"""Compiled evaluation state per (environment, projects), rebuilt once per config revision."""

from flags import cache_reset
from flags.evaluation import CompiledState, compile_state
from flags.payload import freshness
from flags.payload.builder import build_body
from flags.payload.query import PayloadQuery

MAX_ENTRIES = 256

_states: dict[tuple, tuple[int, CompiledState]] = {}


def compiled_state(environment: str, projects: tuple[str, ...]) -> CompiledState:
    """The engine state for the flags these projects (("*",) for all) have in `environment`."""
    scope = None if "*" in projects else tuple(sorted(set(projects)))
    revision = freshness.current()
    key = (environment, scope)
    cached = _states.get(key)
    if cached is not None and cached[0] == revision:
        return cached[1]
    state = compile_state(build_body(PayloadQuery(environment=environment, projects=scope)))
    if len(_states) >= MAX_ENTRIES:
        _states.clear()
    _states[key] = (revision, state)
    return state


@cache_reset.register
def reset() -> None:
    _states.clear()
