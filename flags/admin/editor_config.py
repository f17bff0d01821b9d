"""What the guided editors offer: strategy types, context fields, stickiness, one blob per page.

Rendered once per page as JSON (`json_script`) rather than on every widget: a flag page holds a
strategy form per strategy and environment, and each would otherwise repeat it.
"""

from django.db.models import Q

from flags.models import ContextField, StrategyDefinition

# Context every SDK sends without a context field defining it (Unleash's built-in names).
STANDARD_CONTEXT = ("appName", "environment", "userId", "sessionId", "remoteAddress", "currentTime")
STANDARD_STICKINESS = ("default", "userId", "sessionId", "random")


def context_fields(project_id: str | None = None) -> list[dict]:
    """Global context fields (and the project's own), the standard names first."""
    scope = Q(project__isnull=True) | Q(project_id=project_id) if project_id else Q()
    rows = {f.name: f for f in ContextField.objects.filter(scope)}
    names = list(STANDARD_CONTEXT) + sorted(n for n in rows if n not in STANDARD_CONTEXT)
    return [_context_field(name, rows.get(name)) for name in names]


def _context_field(name: str, row) -> dict:
    if row is None:
        return {"name": name, "description": "", "legalValues": [], "stickiness": False}
    return {
        "name": name,
        "description": row.description,
        "legalValues": [
            {"value": v.get("value", ""), "description": v.get("description", "")}
            for v in row.legal_values or []
        ],
        "stickiness": row.stickiness,
    }


def stickiness_options(fields: list[dict]) -> list[str]:
    custom = [f["name"] for f in fields if f["stickiness"] and f["name"] not in STANDARD_STICKINESS]
    return [*STANDARD_STICKINESS, *custom]


def strategy_types() -> list[dict]:
    return [
        {
            "name": d.name,
            "title": d.display_name or d.title or d.name,
            "description": d.description or "",
            "deprecated": d.deprecated,
            "parameters": d.parameters or [],
        }
        for d in StrategyDefinition.objects.all()
    ]


def editor_config(*, flag_name: str = "", project_id: str | None = None) -> dict:
    fields = context_fields(project_id)
    return {
        "flag": flag_name,
        "contextFields": fields,
        "stickiness": stickiness_options(fields),
        "strategies": strategy_types(),
    }
