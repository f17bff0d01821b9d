"""Reads of the flag-workflow data: lifecycle stages, links, the caller's favorites."""

from flags.models import FavoriteFeature, FavoriteProject, Feature, FeatureLifecycle

# Unleash's stage order: a tie in time goes to the later stage.
STAGE_RANK = {"initial": 0, "pre-live": 1, "live": 2, "completed": 3, "archived": 4}
COUNT_KEYS = {"initial": "initial", "pre-live": "preLive", "live": "live"}
COUNT_KEYS |= {"completed": "completed", "archived": "archived"}


def stages_of(feature: Feature) -> list[FeatureLifecycle]:
    """The stages a flag entered, oldest first (uses a prefetch of lifecycle_stages if any)."""
    rows = list(feature.lifecycle_stages.all())
    return sorted(rows, key=lambda r: (r.entered_stage_at, STAGE_RANK[r.stage]))


def stage_history(feature: Feature) -> list[dict]:
    """Unleash's GET .../lifecycle: every stage entered; a flag with none is initial."""
    stages = [_stage(row) for row in stages_of(feature)]
    if not any(stage["stage"] == "initial" for stage in stages):
        # Flags made by clone or import have no stored "initial": their creation is it.
        stages.insert(0, {"stage": "initial", "enteredStageAt": feature.created_at})
    return stages


def current_stage(feature: Feature) -> dict:
    """The stage a flag is in: the one it entered last (archived wins whatever the clock)."""
    rows = stages_of(feature)
    archived = [r for r in rows if r.stage == "archived"]
    if feature.archived_at is not None:
        at = archived[0].entered_stage_at if archived else feature.archived_at
        return {"stage": "archived", "enteredStageAt": at}
    live_rows = [r for r in rows if r.stage != "archived"]
    if not live_rows:
        return {"stage": "initial", "enteredStageAt": feature.created_at}
    return _stage(live_rows[-1])


def _stage(row: FeatureLifecycle) -> dict:
    item = {"stage": row.stage, "enteredStageAt": row.entered_stage_at}
    if row.stage == "completed":
        item["status"] = row.status
    return item


def stage_counts() -> dict:
    """How many flags are in each stage now (Unleash's GET /api/admin/lifecycle/count)."""
    counts = {key: 0 for key in COUNT_KEYS.values()}
    features = Feature.objects.prefetch_related("lifecycle_stages")
    for feature in features.iterator(chunk_size=500):
        counts[COUNT_KEYS[current_stage(feature)["stage"]]] += 1
    return counts


def links_of(feature: Feature) -> list[dict]:
    """A flag's links as Unleash lists them in flag reads and the export."""
    return [
        {"id": link.id, "url": link.url, "title": link.title, "feature": feature.name}
        for link in feature.links.all()
    ]


def favorite_feature_ids(user) -> frozenset[int]:
    """Ids of the flags ``user`` marked favorite (none for a token or an anonymous caller)."""
    if user is None or getattr(user, "pk", None) is None:
        return frozenset()
    return frozenset(FavoriteFeature.objects.filter(user=user).values_list("feature_id", flat=True))


def favorite_project_ids(user) -> frozenset[str]:
    if user is None or getattr(user, "pk", None) is None:
        return frozenset()
    return frozenset(FavoriteProject.objects.filter(user=user).values_list("project_id", flat=True))
