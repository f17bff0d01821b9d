"""A flag's lifecycle: stages entered on create, first use, completion and archive."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from core.actors import Actor
from core.audit import record_event
from core.errors import ValidationFailed
from core.services import locked, write_service
from core.textcheck import check_text
from flags.models import Feature, FeatureEnvironment, FeatureLifecycle, LifecycleStage
from flags.services._spec import column_length

COMPLETION_STATUSES = ("kept", "discarded")


def stage_entered(feature: Feature, stage: str, at: datetime | None = None) -> None:
    """Record that ``feature`` entered ``stage`` (the first time counts; later ones are kept out).

    Called inside the caller's transaction by the services that move a flag along.
    """
    FeatureLifecycle.objects.get_or_create(
        feature=feature, stage=stage, defaults={"entered_stage_at": at or timezone.now()}
    )


def stage_left(feature: Feature, stage: str) -> None:
    """Forget a stage the flag went back from (an uncompleted flag is no longer completed)."""
    FeatureLifecycle.objects.filter(feature=feature, stage=stage).delete()


def restarted(feature: Feature) -> None:
    """A revived flag starts over, as in Unleash: its history is replaced by "initial" now."""
    FeatureLifecycle.objects.filter(feature=feature).delete()
    stage_entered(feature, LifecycleStage.INITIAL)


def seen_in(seen: dict[tuple[str, str], datetime]) -> None:
    """Metrics saw flags in environments: any sighting makes a flag pre-live; one in a
    production environment where the flag is on makes it live (Unleash's rule)."""
    if not seen:
        return
    names = {name for name, _env in seen}
    states = FeatureEnvironment.objects.filter(
        Q(feature__name__in=names), Q(feature__archived_at__isnull=True)
    ).values_list(
        "feature_id",
        "feature__name",
        "feature__created_at",
        "environment_id",
        "environment__type",
        "enabled",
    )
    first: dict[tuple[int, str], datetime] = {}
    for feature_id, name, created_at, environment, env_type, enabled in states:
        moment = seen.get((name, environment))
        if moment is None:
            continue
        # An SDK's clock or a late bucket can predate the flag: no stage before "initial".
        moment = max(moment, created_at)
        stages = [LifecycleStage.PRE_LIVE]
        if env_type == "production" and enabled:
            stages.append(LifecycleStage.LIVE)
        for stage in stages:
            first[(feature_id, stage)] = min(moment, first.get((feature_id, stage), moment))
    known = set(
        FeatureLifecycle.objects.filter(feature_id__in={f for f, _s in first}).values_list(
            "feature_id", "stage"
        )
    )
    FeatureLifecycle.objects.bulk_create(
        [
            FeatureLifecycle(feature_id=f, stage=s, entered_stage_at=at)
            for (f, s), at in sorted(first.items())
            if (f, s) not in known
        ],
        ignore_conflicts=True,  # a concurrent flush may have recorded the same first sighting
    )


@write_service
def feature_complete(
    *, feature: Feature, status: str, actor: Actor, status_value: str | None = None
) -> None:
    """Mark a flag completed (kept or discarded); an earlier mark stands, as in Unleash."""
    errors = _check_completion(status, status_value)
    if errors:
        raise ValidationFailed.from_details(errors)
    feature = locked(Feature, pk=feature.pk)
    FeatureLifecycle.objects.get_or_create(
        feature=feature,
        stage=LifecycleStage.COMPLETED,
        defaults={
            "status": status,
            "status_value": status_value,
            "entered_stage_at": timezone.now(),
        },
    )
    data = {"status": status, "statusValue": status_value, "kept": status == "kept"}
    if status_value is None:
        del data["statusValue"]
    record_event(
        "feature-completed",
        actor=actor,
        project=feature.project_id,
        feature=feature.name,
        data=data,
    )


@write_service
def feature_uncomplete(*, feature: Feature, actor: Actor) -> None:
    """Take back a completion: the flag returns to the stage it was in before."""
    feature = locked(Feature, pk=feature.pk)
    stage_left(feature, LifecycleStage.COMPLETED)
    record_event(
        "feature-uncompleted", actor=actor, project=feature.project_id, feature=feature.name
    )


def _check_completion(status, status_value) -> list[dict]:
    if status not in COMPLETION_STATUSES:
        return [{"path": "status", "message": "must be one of: kept, discarded"}]
    if status_value is None:
        return []
    return check_text(status_value, "statusValue", column_length(FeatureLifecycle, "status_value"))
