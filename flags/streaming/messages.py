"""What a scope is sent, as ready JSON bytes: rendered once per (state, scope, resume point).

A thousand streams of one token scope at one revision share one rendering; a hydration of
10,000 flags is encoded once per revision and scope, not once per connection.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from core import cache_reset
from core.revision import Revision
from flags.payload.query import resolve
from flags.streaming.state import EnvState, Scope

MAX_RENDERED = 256


@dataclass(frozen=True)
class Message:
    """`{"events": [...]}` bytes for a scope; `revision` is where the client then stands."""

    body: bytes
    revision: Revision
    hydration: bool
    empty: bool  # no event at all: nothing changed for this scope


_rendered: OrderedDict = OrderedDict()
_lock = threading.Lock()


def scope_for(principal, environment: str, query: dict) -> Scope:
    """The token's projects narrowed by requested ones (never widened), and the name prefix."""
    selected = resolve(principal, environment, query=query, inline_segments=False)
    projects = None if selected.projects is None else frozenset(selected.projects)
    return Scope(environment, projects, selected.name_prefix)


def render(state: EnvState, scope: Scope, since: Revision | None, earlier=None) -> Message:
    """Only what changed after `since` when the state can name it (or `earlier` holds the
    changes from `since` to the state's floor), else a hydration."""
    resumable = state.resumable(since) or earlier is not None
    key = (state.environment, state.generation, state.revision, scope, since if resumable else None)
    with _lock:
        found = _rendered.get(key)
        if found is not None:
            _rendered.move_to_end(key)
            return found
    if resumable:
        events = state.events_since(scope, since, earlier or ())
        message = Message(encode({"events": events}), state.revision, False, not events)
    else:
        message = Message(encode({"events": [state.hydration(scope)]}), state.revision, True, False)
    with _lock:
        _rendered[key] = message
        while len(_rendered) > MAX_RENDERED:
            _rendered.popitem(last=False)
    return message


def encode(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def etag(revision: Revision) -> str:
    """The revision's full identity (id and time): a pre-restore ETag never resumes wrongly."""
    return f'"{revision.token}"'


def parse_etag(raw: str | None) -> Revision | None:
    if not raw:
        return None
    text = raw.strip()
    if text.startswith("W/"):
        text = text[2:]
    return Revision.parse(text.strip('"'))


@cache_reset.register
def reset() -> None:
    with _lock:
        _rendered.clear()
