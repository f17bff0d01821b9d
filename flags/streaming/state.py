"""One environment's client state and its recent changes, as Unleash's delta events (pure data).

The state is built once per revision per process (see `engine`) and shared by every stream
and delta poll of that environment: a scope (projects, name prefix) only filters it. Wire
names (`eventId`, `featureName`, ...) are those of the client specification's delta format.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from core.revision import Revision


@dataclass(frozen=True)
class Scope:
    """What one client may see: an environment, its projects (None: all), a name prefix."""

    environment: str
    projects: frozenset[str] | None
    name_prefix: str = ""

    def sees(self, name: str, project: str | None) -> bool:
        if not name.startswith(self.name_prefix):
            return False
        return self.projects is None or project in self.projects


@dataclass(frozen=True)
class Change:
    """One delta event of the log; `before` is the flag's project before it (moves, removals)."""

    event_id: int
    kind: str  # feature-updated | feature-removed | segment-updated | segment-removed
    name: str = ""
    project: str | None = None
    before: str | None = None
    feature: dict | None = None
    segment: dict | None = None
    segment_id: int | None = None


@dataclass
class EnvState:
    """Flags (wire form, segments by id) at `revision`, and the changes since `floor`.

    A client that holds a revision this state can name (the floor, or one whose events were
    read here, same id AND time) gets only the changes after it; any other gets a hydration.
    """

    environment: str
    revision: Revision
    features: dict[str, dict]
    segments: dict[int, dict]
    max_log: int
    floor: Revision = field(init=False)
    log: deque = field(default_factory=deque)
    known: dict[int, int] = field(default_factory=dict)  # event id -> stamp, resumable points
    generation: int = 0  # bumped on every change: the key of rendered messages

    def __post_init__(self) -> None:
        self.floor = self.revision
        self.known[self.revision.id] = self.revision.stamp

    def resumable(self, since: Revision | None) -> bool:
        if since is None:
            return False
        if since == self.floor:
            return True
        return since.id > self.floor.id and self.known.get(since.id) == since.stamp

    def apply(self, changes: list[Change], seen: dict[int, int], revision: Revision) -> None:
        """Move to `revision`: the changes read for it and every event id read on the way."""
        for change in changes:
            if change.kind == "feature-updated":
                self.features[change.name] = change.feature
            elif change.kind == "feature-removed":
                self.features.pop(change.name, None)
            elif change.kind == "segment-updated":
                self.segments[change.segment_id] = change.segment
            elif change.kind == "segment-removed":
                self.segments.pop(change.segment_id, None)
            self.log.append(change)
        self.known.update(seen)
        self.known[revision.id] = revision.stamp
        self.revision = revision
        self.generation += 1
        self._trim()

    def _trim(self) -> None:
        """Keep `max_log` changes; clients behind the oldest kept one get a hydration."""
        while len(self.log) > self.max_log:
            dropped = self.log.popleft()
            self.floor = Revision(dropped.event_id, self.known.get(dropped.event_id, -1))
        if len(self.known) > 4 * self.max_log + 16:
            self.known = {i: s for i, s in self.known.items() if i >= self.floor.id}
            self.known[self.floor.id] = self.floor.stamp

    # -- what a scope sees -------------------------------------------------------------

    def hydration(self, scope: Scope) -> dict:
        features = [
            f for name, f in sorted(self.features.items()) if scope.sees(name, f.get("project"))
        ]
        used = sorted(referenced_segments(features))
        return {
            "eventId": self.revision.id,
            "type": "hydration",
            "features": features,
            "segments": [self.segments[i] for i in used if i in self.segments],
        }

    def events_since(self, scope: Scope, since: Revision, earlier=()) -> list[dict]:
        """The delta events after `since` this scope sees (resumable `since`, or `earlier`
        holding the changes from `since` up to the floor)."""
        visible = self._visible_segments(scope)
        out: list[dict] = []
        sent_segments: set[int] = set()
        for change in (*earlier, *self.log):
            if change.event_id <= since.id:
                continue
            event = _scoped(change, scope, visible)
            if event is None:
                continue
            if event["type"] == "feature-updated":
                out.extend(self._segments_for(event, sent_segments))
            elif event["type"] == "segment-updated":
                sent_segments.add(change.segment_id)
            out.append(event)
        return out

    def _visible_segments(self, scope: Scope) -> set[int]:
        features = [f for n, f in self.features.items() if scope.sees(n, f.get("project"))]
        return referenced_segments(features)

    def _segments_for(self, event: dict, sent: set[int]) -> list[dict]:
        """segment-updated events a feature needs first (a segment it newly references)."""
        out = []
        for sid in sorted(referenced_segments([event["feature"]]) - sent):
            if sid in self.segments:
                sent.add(sid)
                segment = self.segments[sid]
                out.append(
                    {"eventId": event["eventId"], "type": "segment-updated", "segment": segment}
                )
        return out


def _scoped(change: Change, scope: Scope, visible_segments: set[int]) -> dict | None:
    if change.kind == "feature-updated":
        if scope.sees(change.name, change.project):
            return {"eventId": change.event_id, "type": change.kind, "feature": change.feature}
        if change.before is not None and scope.sees(change.name, change.before):
            return _removed(change.event_id, change.name, change.before)  # moved away
        return None
    if change.kind == "feature-removed":
        if scope.sees(change.name, change.before):
            return _removed(change.event_id, change.name, change.before)
        return None
    if change.kind == "segment-updated":
        if change.segment_id in visible_segments:
            return {"eventId": change.event_id, "type": change.kind, "segment": change.segment}
        return None
    return {"eventId": change.event_id, "type": change.kind, "segmentId": change.segment_id}


def _removed(event_id: int, name: str, project: str) -> dict:
    return {"eventId": event_id, "type": "feature-removed", "featureName": name, "project": project}


def referenced_segments(features) -> set[int]:
    return {
        sid
        for feature in features
        for strategy in feature.get("strategies") or ()
        for sid in strategy.get("segments") or ()
    }
