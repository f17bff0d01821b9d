"""What an import file would do, flag by flag, for the admin's preview (reads only)."""

from collections import Counter, defaultdict

from flags.batch_validation import ImportRequest, existing_features


def _action(existing, project_id: str) -> str:
    if existing is None:
        return "create"
    if existing.project_id != project_id:
        return "refused"
    return "skip" if existing.archived else "update"


def preview_import(req: ImportRequest) -> dict:
    """Rows {name, type, action, enabled, strategies, variants, tags} and the file's totals.

    `action` is create, update (overwrites the flag's state in the environment), skip
    (archived here) or refused (the flag lives in another project).
    """
    data, env = req.data, req.environment.pk
    existing = {f.name: f for f in existing_features(req)}
    strategies = Counter(s.get("featureName") for s in data["featureStrategies"])
    states = {s.get("featureName"): s for s in data["featureEnvironments"] if isinstance(s, dict)}
    tags = defaultdict(list)
    for tag in data["featureTags"]:
        tags[tag.get("featureName")].append(f"{tag.get('tagType')}:{tag.get('tagValue')}")
    rows = []
    for feature in data["features"]:
        name = feature.get("name")
        state = states.get(name) or {}
        rows.append(
            {
                "name": name,
                "type": feature.get("type") or "release",
                "action": _action(existing.get(name), req.project.pk),
                "enabled": bool(state.get("enabled")),
                "strategies": strategies.get(name, 0),
                "variants": len(state.get("variants") or []),
                "tags": tags.get(name, []),
            }
        )
    return {
        "rows": rows,
        "environment": env,
        "project": req.project.pk,
        "counts": Counter(row["action"] for row in rows),
        "segments": [s.get("name") for s in data["segments"]],
        "context_fields": [c.get("name") for c in data["contextFields"]],
        "dependencies": len(data["dependencies"]),
    }
