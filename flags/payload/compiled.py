"""Compiled evaluation state per (environment, projects), rebuilt once per config revision.

Compiled from the same ready client-features bytes the client API serves (per process, then
Redis, then the database), so a fresh process can evaluate while PostgreSQL is unreachable.
"""

import json

from core import cache_reset
from core import revision as revision_mod
from core.revision import Revision
from flags.evaluation import CompiledState, compile_state
from flags.payload import cache
from flags.payload.query import PayloadQuery

MAX_ENTRIES = 256

_states: dict[tuple, tuple[Revision, CompiledState]] = {}


def compiled_state(environment: str, projects: tuple[str, ...]) -> CompiledState:
    """The engine state for the flags these projects (("*",) for all) have in `environment`."""
    scope = None if "*" in projects else tuple(sorted(set(projects)))
    revision = revision_mod.current()
    key = (environment, scope)
    cached = _states.get(key)
    if cached is not None and cached[0] == revision:
        return cached[1]
    ready = cache.get(PayloadQuery(environment=environment, projects=scope))
    if cached is not None and cached[0] == ready.revision:
        return cached[1]  # an older payload kept while the database is unreachable
    state = compile_state(json.loads(ready.body))
    if len(_states) >= MAX_ENTRIES:
        _states.clear()
    _states[key] = (ready.revision, state)
    return state


@cache_reset.register
def reset() -> None:
    _states.clear()
