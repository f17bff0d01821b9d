"""Event data: the JSON snapshot of an object before and after a write (Unleash's names)."""


def feature_snapshot(feature) -> dict:
    return {
        "name": feature.name,
        "project": feature.project_id,
        "type": feature.type,
        "description": feature.description,
        "stale": feature.stale,
        "impressionData": feature.impression_data,
        "archived": feature.archived_at is not None,
    }


def strategy_snapshot(strategy) -> dict:
    return {
        "id": str(strategy.id),
        "name": strategy.name,
        "title": strategy.title,
        "parameters": strategy.parameters,
        "constraints": strategy.constraints,
        "variants": strategy.variants,
        # .all() so that a prefetch_related("segments") (the batch export) saves a query each.
        "segments": sorted(s.id for s in strategy.segments.all())
        if strategy.pk and not strategy._state.adding
        else [],
        "sortOrder": strategy.sort_order,
        "disabled": strategy.disabled,
    }


def segment_snapshot(segment) -> dict:
    return {
        "id": segment.id,
        "name": segment.name,
        "description": segment.description,
        "project": segment.project_id,
        "constraints": segment.constraints,
    }


def context_field_snapshot(field) -> dict:
    return {
        "name": field.name,
        "description": field.description,
        "stickiness": field.stickiness,
        "legalValues": field.legal_values,
        "sortOrder": field.sort_order,
    }


def token_snapshot(token) -> dict:
    return {
        "tokenName": token.name,
        "type": "client" if token.type == "backend" else token.type,
        "environment": token.environment_id or "*",
        "projects": token.projects,
        "display": token.display,
        "expiresAt": token.expires_at.isoformat() if token.expires_at else None,
    }


def project_snapshot(project) -> dict:
    return {"id": project.id, "name": project.name, "description": project.description}
