"""Writes on segments."""

from django.db.models import ProtectedError

from core.actors import Actor
from core.audit import record_event
from core.errors import Conflict, NotFound, ValidationFailed
from core.services import locked, locked_update, write_service
from core.textcheck import check_text
from flags.models import Project, Segment, Strategy
from flags.services._spec import column_length, optional_text, unknown_fields
from flags.snapshots import segment_snapshot, strategy_snapshot
from flags.validation import check_json_text, normalize_constraints


def _clean(spec: dict, *, force: bool, current: Segment | None = None) -> dict:
    errors, clean = [], {}
    errors += unknown_fields(
        spec, ("name", "description", "project", "constraints"), "segment field"
    )
    if "name" in spec:
        errors += _name(spec["name"], current)
        clean["name"] = spec["name"]
    errors += optional_text(spec, "description", clean, column_length(Segment, "description"))
    if "project" in spec:
        clean["project"], errs = _project(spec["project"])
        errors += errs
    if "constraints" in spec:
        if force and isinstance(spec["constraints"], list):
            clean["constraints"] = spec["constraints"]
            errors += check_json_text(spec["constraints"], "constraints")
        else:
            clean["constraints"], errs = normalize_constraints(spec["constraints"])
            errors += errs
    if errors:
        raise ValidationFailed.from_details(errors)
    return clean


def _name(name, current: Segment | None) -> list[dict]:
    errors = check_text(name, "name", column_length(Segment, "name"), required=True)
    others = Segment.objects.exclude(pk=getattr(current, "pk", None))
    if not errors and others.filter(name=name).exists():
        raise Conflict.at("name", f"a segment named {name!r} already exists")
    return errors


def _project(project) -> tuple[Project | None, list[dict]]:
    if project is None or isinstance(project, Project):
        return project, []
    errors = check_text(project, "project", column_length(Project, "id"))
    found = None if errors else Project.objects.filter(pk=project).first()
    if found is None and not errors:
        errors = [{"path": "project", "message": "unknown project"}]
    return found, errors


@write_service
def segment_create(*, actor: Actor, force: bool = False, **spec) -> Segment:
    if "name" not in spec:
        raise ValidationFailed.at("name", "is required")
    clean = _clean(spec, force=force)
    segment = Segment.objects.create(created_by=_user(actor), **clean)
    record_event(
        "segment-created",
        actor=actor,
        project=segment.project_id or "",
        data=segment_snapshot(segment),
    )
    return segment


@write_service
def segment_update(*, segment: Segment, actor: Actor, force: bool = False, **spec) -> Segment:
    clean = _clean(spec, force=force, current=segment)
    segment, before, after = locked_update(Segment, segment.pk, clean, segment_snapshot)
    record_event(
        "segment-updated",
        actor=actor,
        project=segment.project_id or "",
        data=after,
        pre_data=before,
    )
    return segment


@write_service
def segment_delete(*, segment: Segment, actor: Actor) -> None:
    segment = locked(Segment, pk=segment.pk)
    # Archived flags do not hold a segment back (as in Unleash); their strategies lose it.
    in_use = segment.strategies.filter(
        feature_environment__feature__archived_at__isnull=True
    ).count()
    if in_use:
        raise ValidationFailed.at("id", f"segment is used by {in_use} strategies")
    before = segment_snapshot(segment)
    try:
        segment.delete()
    except ProtectedError as exc:
        raise ValidationFailed.at("id", "segment is in use") from exc
    record_event("segment-deleted", actor=actor, project=before["project"] or "", pre_data=before)


def _user(actor: Actor):
    return actor.user if actor.user is not None and actor.user.pk else None


def segment_validate_name(name) -> None:
    """Raise unless ``name`` could name a new segment (Unleash's /segments/validate)."""
    if isinstance(name, str) and name == "":
        raise ValidationFailed.at("name", "Segment name cannot be empty")
    errors = check_text(name, "name", column_length(Segment, "name"), required=True)
    if errors:
        raise ValidationFailed.from_details(errors)
    if Segment.objects.filter(name=name).exists():
        raise Conflict.at("name", "Segment name already exists")


def _segment_rows(segment_ids) -> list[Segment]:
    if not isinstance(segment_ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in segment_ids
    ):
        raise ValidationFailed.at("segmentIds", "must be a list of segment ids")
    found = Segment.objects.in_bulk(segment_ids)
    missing = [i for i in segment_ids if i not in found]
    if missing:
        raise ValidationFailed.at("segmentIds", f"unknown segment id {missing[0]}")
    return [found[i] for i in dict.fromkeys(segment_ids)]


@write_service
def strategy_set_segments(*, strategy_id, segment_ids, actor: Actor) -> Strategy:
    """Replace the segments of one strategy (Unleash's POST /segments/strategies)."""
    segments = _segment_rows(segment_ids)
    try:
        strategy = locked(Strategy, pk=strategy_id)
    except NotFound as exc:
        raise NotFound.at("strategyId", f"no strategy with id {strategy_id}") from exc
    before = strategy_snapshot(strategy)
    strategy.segments.set(segments)
    after = strategy_snapshot(strategy)
    if after != before:
        # The event moves the revision: SDK payloads carry the strategy's segment ids.
        state = strategy.feature_environment
        record_event(
            "feature-strategy-update",
            actor=actor,
            project=state.feature.project_id,
            feature=state.feature.name,
            environment=state.environment_id,
            data=after,
            pre_data=before,
        )
    return strategy
