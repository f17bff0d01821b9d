"""`eventMarkdown`: the one-line description Unleash's webhook gives an event, in its words.

Same sentences as Unleash's feature event formatter (bold as `*`, links as markdown); the links
lead to this server's admin pages (the flag list searched for the flag, the project's page)
under settings.UNLEASH_URL, since Unleash's UI routes do not exist here.
"""

from urllib.parse import quote

import chevron
from django.conf import settings

# Unleash's action sentences; `*x*` stands for {{b}}x{{b}} (bold) and is expanded below.
_SENTENCES = {
    "feature-created": "*{{user}}* created *{{feature}}* in project *{{project}}*",
    "feature-archived": "*{{user}}* archived *{{event.featureName}}* in project *{{project}}*",
    "feature-deleted": "*{{user}}* deleted *{{event.featureName}}* in project *{{project}}*",
    "feature-revived": "*{{user}}* revived *{{feature}}* in project *{{project}}*",
    "feature-environment-enabled": "*{{user}}* enabled *{{feature}}* for the "
    "*{{event.environment}}* environment in project *{{project}}*",
    "feature-environment-disabled": "*{{user}}* disabled *{{feature}}* for the "
    "*{{event.environment}}* environment in project *{{project}}*",
    "feature-environment-variants-updated": "*{{user}}* updated variants for *{{feature}}* for "
    "the *{{event.environment}}* environment in project *{{project}}*",
    "feature-metadata-updated": "*{{user}}* updated *{{feature}}* metadata in project "
    "*{{project}}*",
    "feature-completed": "*{{feature}}* was marked as completed in project *{{project}}*",
    "feature-stale-on": "*{{user}}* marked *{{feature}}* as stale in project *{{project}}*",
    "feature-stale-off": "*{{user}}* removed the stale marking on *{{feature}}* in project "
    "*{{project}}*",
    "feature-strategy-add": "*{{user}}* added strategy *{{strategyTitle}}* to *{{feature}}* for "
    "the *{{event.environment}}* environment in project *{{project}}*",
    "feature-strategy-remove": "*{{user}}* removed strategy *{{strategyTitle}}* from "
    "*{{feature}}* for the *{{event.environment}}* environment in project *{{project}}*",
    "feature-strategy-update": "*{{user}}* updated *{{feature}}* in project *{{project}}* "
    "{{strategyChangeText}}",
    "feature-tagged": "*{{user}}* tagged *{{feature}}* with "
    "*{{event.data.type}}:{{event.data.value}}* in project *{{project}}*",
    "feature-untagged": "*{{user}}* untagged *{{feature}}* with "
    "*{{event.preData.type}}:{{event.preData.value}}* in project *{{project}}*",
    "project-created": "*{{user}}* created project *{{project}}*",
    "segment-created": "*{{user}}* created segment *{{event.data.name}}*",
    "segment-deleted": "*{{user}}* deleted segment *{{event.preData.name}}*",
    "segment-updated": "*{{user}}* updated segment *{{event.preData.name}}*",
    "addon-config-created": "*{{user}}* created a new *{{event.data.provider}}* integration "
    "configuration",
    "addon-config-updated": "*{{user}}* updated a *{{event.preData.provider}}* integration "
    "configuration",
    "addon-config-deleted": "*{{user}}* deleted a *{{event.preData.provider}}* integration "
    "configuration",
}
# Triple mustaches: the text is markdown, not HTML (Unleash's formatter escapes nothing).
ACTIONS = {
    event: text.replace("{{", "{{{").replace("}}", "}}}") for event, text in _SENTENCES.items()
}


def _base() -> str:
    return settings.UNLEASH_URL.rstrip("/")


def _feature_link(event: dict) -> str | None:
    name = event.get("featureName")
    if not name:
        return None
    return f"[{name}]({_base()}/admin/flags/feature/?q={quote(name)})"


def _project_link(event: dict) -> str | None:
    project = event.get("project")
    if not project:
        return None
    return f"[{project}]({_base()}/admin/flags/project/{quote(project)}/change/)"


def _strategy_title(event: dict) -> str | None:
    for side in ("preData", "data"):
        for key in ("title", "name"):
            value = (event.get(side) or {}).get(key) if isinstance(event.get(side), dict) else None
            if value:
                return value
    return None


def _strategy_change(event: dict) -> str:
    # Unleash's generic sentence; its per-strategy detail (rollout from/to ...) is left out.
    return f"by updating strategy *{_strategy_title(event)}* in *{event.get('environment')}*"


def event_markdown(event: dict) -> str:
    """``event`` as the events API shows it -> Unleash's markdown sentence for it."""
    action = ACTIONS.get(event.get("type", ""))
    if action is None:
        return f"*{event.get('createdBy')}* triggered *{event.get('type')}*"
    context = {
        "user": event.get("createdBy"),
        "event": event,
        "feature": _feature_link(event),
        "project": _project_link(event),
        "strategyTitle": _strategy_title(event),
        "strategyChangeText": _strategy_change(event),
    }
    return chevron.render(action, context)
