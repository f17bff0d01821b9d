"""Keep each environment's client state current: read once per revision per process.

A new revision is turned into delta events by reading the audit events after the state's
revision: a flag named by an event is re-read (present: feature-updated, gone or archived:
feature-removed), a segment named by a segment event likewise; an event that changes what
every flag of an environment looks like (the environment switched off, an import) re-reads
the whole environment. Content read equal to what the state holds is no change at all, so
events that do not touch the client payload (a maintenance toggle, tokens, favorites) send
nothing. The database is the only truth: Redis only says when to look (see `hub`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings

from core import cache_reset
from core import revision as revision_mod
from core.models import Event
from core.revision import Revision
from flags.models import Segment
from flags.payload.builder import build_body
from flags.payload.query import PayloadQuery
from flags.streaming.state import Change, EnvState

log = logging.getLogger(__name__)

# Events that never change a client payload: no read at all.
NEUTRAL_PREFIXES = (
    "api-token-", "banner-", "context-field-", "tag-", "user-", "strategy-",
    "project-created", "project-updated", "project-deleted", "project-favorited",
    "project-unfavorited", "setting-updated", "features-exported", "environment-updated",
)  # fmt: skip
# Events that change every flag of their environment (or of all, with no environment).
ENVIRONMENT_WIDE = ("environment-enabled", "environment-disabled")
SEGMENT_EVENTS = ("segment-created", "segment-updated", "segment-deleted")
BUILD_ATTEMPTS = 3


@dataclass(frozen=True)
class Update:
    """What one advance did to one environment: `hydrated` (start afresh) or `changed`."""

    environment: str
    hydrated: bool
    changed: bool


def _max_log() -> int:
    return getattr(settings, "UNLEASH_STREAMING_DELTA_LOG", 1000)


def _max_range() -> int:
    """More audit events than this since a state's revision: re-read it whole instead."""
    return max(_max_log(), 100)


def hydrate(environment: str) -> EnvState:
    """The whole environment at one revision (read twice around the build, as the cache does)."""
    for _ in range(BUILD_ATTEMPTS):
        before = revision_mod.database_revision()
        body = build_body(PayloadQuery(environment=environment, projects=None))
        if revision_mod.database_revision() == before:
            break
    # Content is at least `before`: a write in between is re-read by the next advance.
    features = {f["name"]: f for f in body["features"]}
    segments = {s["id"]: s for s in body.get("segments", [])}
    return EnvState(environment, before, features, segments, _max_log())


@dataclass
class _Reading:
    """The audit events after a revision, sorted into what must be re-read."""

    features: dict  # name -> (newest event id, environments or None for all, project)
    segments: dict  # id -> newest event id
    wide: set  # environments to re-read whole; "*" for all
    seen: dict  # event id -> stamp


def _revision(event_id: int, created_at) -> Revision:
    return revision_mod.of_event(SimpleNamespace(id=event_id, created_at=created_at))


def read_events(after: Revision, target: Revision) -> _Reading | None:
    """The events in (after, target]; None when `after` is not the database's (a restore)."""
    if after.id:
        row = Event.objects.filter(id=after.id).values_list("created_at", flat=True).first()
        if row is None or _revision(after.id, row) != after:
            return None
    reading = _Reading({}, {}, set(), {})
    rows = (
        Event.objects.filter(id__gt=after.id, id__lte=target.id)
        .order_by("id")
        .values_list(
            "id", "created_at", "type", "feature_name", "project", "environment", "data", "pre_data"
        )
    )
    for count, row in enumerate(rows.iterator(chunk_size=500)):
        if count >= _max_range():
            reading.wide.add("*")
            break
        _sort(reading, *row)
    return reading


def _sort(reading: _Reading, event_id, created_at, kind, feature, project, environment, data, pre):
    reading.seen[event_id] = _revision(event_id, created_at).stamp
    if kind in SEGMENT_EVENTS:
        segment_id = (data or pre or {}).get("id")
        if isinstance(segment_id, int):
            reading.segments[segment_id] = event_id
        else:
            reading.wide.add("*")
    elif feature:
        _, envs, _ = reading.features.get(feature, (0, set(), ""))
        envs = None if (envs is None or not environment) else envs | {environment}
        reading.features[feature] = (event_id, envs, project)
    elif kind.startswith(NEUTRAL_PREFIXES):
        return
    else:
        # environment-wide or unknown: re-reading is always right, only slower
        reading.wide.add(environment if kind in ENVIRONMENT_WIDE and environment else "*")


def advance(state: EnvState, reading: _Reading, target: Revision) -> bool:
    """Apply a reading to one environment's state; True when a client sees a difference."""
    env = state.environment
    names = [n for n, (_, envs, _) in reading.features.items() if envs is None or env in envs]
    changes = _feature_changes(state, reading, names) + _segment_changes(state, reading)
    state.apply(changes, reading.seen, target)
    return bool(changes)


def _feature_changes(state: EnvState, reading: _Reading, names: list[str]) -> list[Change]:
    if not names:
        return []
    query = PayloadQuery(environment=state.environment, projects=None, names=tuple(sorted(names)))
    body = build_body(query)
    for segment in body.get("segments", []):
        state.segments.setdefault(segment["id"], segment)
    found = {f["name"]: f for f in body["features"]}
    changes = []
    for name in names:
        event_id = reading.features[name][0]
        old, new = state.features.get(name), found.get(name)
        before = old.get("project") if old else None
        if new is not None and new != old:
            changes.append(Change(event_id, "feature-updated", name, new["project"], before, new))
        elif new is None and old is not None:
            changes.append(Change(event_id, "feature-removed", name, before, before))
    return changes


def _segment_changes(state: EnvState, reading: _Reading) -> list[Change]:
    if not reading.segments:
        return []
    rows = Segment.objects.filter(id__in=list(reading.segments)).values("id", "name", "constraints")
    found = {
        r["id"]: {"id": r["id"], "name": r["name"], "constraints": list(r["constraints"] or [])}
        for r in rows
    }
    changes = []
    for segment_id, event_id in sorted(reading.segments.items()):
        old, new = state.segments.get(segment_id), found.get(segment_id)
        if new is not None and new != old:
            changes.append(Change(event_id, "segment-updated", segment=new, segment_id=segment_id))
        elif new is None and old is not None:
            changes.append(Change(event_id, "segment-removed", segment_id=segment_id))
    return changes


class Engine:
    """This process's environment states, advanced together to the newest revision."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._states: dict[str, EnvState] = {}

    def state(self, environment: str, *, fresh: bool | str = True) -> EnvState:
        """The environment's state, first advanced to the revision this process serves (or,
        with fresh="database", to the database's newest)."""
        with self._lock:
            current = self._states.get(environment)
            if current is None:
                current = self._states[environment] = hydrate(environment)
            elif fresh == "database":
                self.advance()  # a new stream: what was committed before it opened
            elif fresh and revision_mod.current().id > current.revision.id:
                self.advance()
            return self._states[environment]

    def advance(self, target: Revision | None = None) -> list[Update]:
        """Bring every known environment to the database's newest revision (or `target`)."""
        with self._lock:
            if not self._states:
                return []
            target = target or revision_mod.database_revision()
            behind = [s for s in self._states.values() if s.revision != target]
            if not behind:
                return []
            oldest = min((s.revision for s in behind), key=lambda r: r.id)
            if target.id < oldest.id:
                return self._rehydrate(behind)  # the database went back: a restore
            reading = read_events(oldest, target)
            if reading is None:
                return self._rehydrate(behind)
            return [self._advance_one(s, reading, target) for s in behind]

    def _advance_one(self, state: EnvState, reading: _Reading, target: Revision) -> Update:
        if "*" in reading.wide or state.environment in reading.wide:
            return self._rehydrate([state])[0]
        # an environment ahead of the oldest one re-reads only what it has not seen
        reading = _Reading(
            {n: v for n, v in reading.features.items() if v[0] > state.revision.id},
            {i: e for i, e in reading.segments.items() if e > state.revision.id},
            reading.wide,
            reading.seen,
        )
        changed = advance(state, reading, target)
        return Update(state.environment, hydrated=False, changed=changed)

    def _rehydrate(self, states: list[EnvState]) -> list[Update]:
        updates = []
        for old in states:
            new = hydrate(old.environment)
            new.generation = old.generation + 1
            self._states[old.environment] = new
            updates.append(Update(old.environment, hydrated=True, changed=True))
        return updates

    def render(self, scope, since: Revision | None, *, fresh: bool | str = True):
        """The Message for a scope resuming from `since`, read while no advance runs."""
        from flags.streaming import messages

        with self._lock:
            state = self.state(scope.environment, fresh=fresh)
            if since is not None and since.id > state.revision.id:
                self.advance()  # the client saw a newer revision elsewhere: catch up first
                state = self.state(scope.environment, fresh=False)
            earlier = None
            if since is not None and not state.resumable(since) and since.id < state.floor.id:
                earlier = _backfill(state, since)
            return messages.render(state, scope, since, earlier)

    def revision(self, environment: str) -> Revision | None:
        """The revision an environment's state is at (None: not read yet); no I/O."""
        state = self._states.get(environment)
        return None if state is None else state.revision

    def reset(self) -> None:
        with self._lock:
            self._states.clear()


def _backfill(state: EnvState, since: Revision) -> list[Change] | None:
    """The changes from `since` (another process's revision) to this state's floor, from the
    audit events and this state's content; None when they cannot be told (then: hydration)."""
    if state.floor.id - since.id > _max_range():
        return None
    reading = read_events(since, state.floor)
    if reading is None or reading.wide:
        return None
    changes = []
    for name, (event_id, envs, project) in reading.features.items():
        if envs is not None and state.environment not in envs:
            continue
        current = state.features.get(name)
        if current is not None:
            changes.append(
                Change(event_id, "feature-updated", name, current["project"], project, current)
            )
        else:
            changes.append(Change(event_id, "feature-removed", name, project, project))
    for segment_id, event_id in reading.segments.items():
        current = state.segments.get(segment_id)
        kind = "segment-removed" if current is None else "segment-updated"
        changes.append(Change(event_id, kind, segment=current, segment_id=segment_id))
    return changes


ENGINE = Engine()


@cache_reset.register
def reset() -> None:
    ENGINE.reset()
