"""Replay a client-specification delta state (files 19, 20) as real writes through the services.

Each spec event becomes the write an admin would make (create the flag with its strategies and
switch it on, archive it, create or change a segment), so the server's own delta computation
has to produce the events the SDKs then apply. Spec segment ids are mapped to the ids created.
"""

from __future__ import annotations

from core.actors import Actor
from flags import services
from flags.models import Feature, Project, Segment

ACTOR = Actor.system("spec-replay")


class Replayer:
    """Writes one spec event at a time into `environment`, flags into `project`."""

    def __init__(self, environment, project: Project):
        self.environment = environment
        self.project = project
        self.segment_ids: dict[int, int] = {}

    def apply(self, event: dict) -> None:
        kind = event["type"]
        if kind == "hydration":
            for segment in event.get("segments", []):
                self._segment(segment)
            for feature in event.get("features", []):
                self._feature(feature)
        elif kind == "feature-updated":
            self._feature(event["feature"])
        elif kind == "feature-removed":
            feature = Feature.objects.get(name=event["featureName"])
            services.feature_archive(feature=feature, actor=ACTOR)
        elif kind == "segment-updated":
            self._segment(event["segment"])
        elif kind == "segment-removed":
            segment = Segment.objects.get(pk=self.segment_ids[event["segmentId"]])
            services.segment_delete(segment=segment, actor=ACTOR)

    def _segment(self, spec: dict) -> None:
        fields = {"constraints": spec.get("constraints", [])}
        known = self.segment_ids.get(spec["id"])
        if known is None:
            created = services.segment_create(name=spec["name"], actor=ACTOR, force=True, **fields)
            self.segment_ids[spec["id"]] = created.id
        else:
            segment = Segment.objects.get(pk=known)
            services.segment_update(segment=segment, actor=ACTOR, force=True, **fields)

    def _feature(self, spec: dict) -> None:
        feature = services.feature_create(
            project=self.project,
            name=spec["name"],
            type=spec.get("type", "release"),
            actor=ACTOR,
        )
        for strategy in spec.get("strategies", []):
            segments = [self.segment_ids[s] for s in strategy.get("segments") or []]
            services.strategy_add(
                feature=feature,
                environment=self.environment,
                actor=ACTOR,
                force=True,
                name=strategy["name"],
                parameters=strategy.get("parameters") or {},
                constraints=strategy.get("constraints") or [],
                segments=segments,
            )
        if spec.get("enabled"):
            services.feature_set_enabled(
                feature=feature, environment=self.environment, enabled=True, actor=ACTOR
            )
