"""The providers this server delivers to, described as Unleash's addon definitions list them.

Only the generic webhook is offered: Unleash's Slack and Teams incoming-webhook providers are
deprecated there, and the app-based ones (Slack app, Datadog, New Relic, Teams workflow) need
vendor APIs this self-hosted server does not call.
"""

from dataclasses import dataclass

# Unleash's mask for a sensitive parameter in every read.
MASK = "*****"

# The events a webhook can subscribe to (Unleash's list; some are never emitted here).
WEBHOOK_EVENTS = [
    "feature-created",
    "feature-updated",
    "feature-archived",
    "feature-revived",
    "feature-stale-on",
    "feature-stale-off",
    "feature-completed",
    "feature-environment-enabled",
    "feature-environment-disabled",
    "feature-strategy-remove",
    "feature-strategy-update",
    "feature-strategy-add",
    "feature-metadata-updated",
    "feature-variants-updated",
    "feature-project-change",
    "feature-tagged",
    "feature-untagged",
    "change-request-created",
    "change-request-discarded",
    "change-added",
    "change-discarded",
    "change-request-approved",
    "change-request-approval-added",
    "change-request-cancelled",
    "change-request-sent-to-review",
    "change-request-applied",
    "change-request-scheduled",
    "change-request-scheduled-application-success",
    "change-request-scheduled-application-failure",
    "change-request-schedule-suspended",
    "feature-potentially-stale-on",
    "release-plan-progressions-paused",
    "release-plan-progressions-resumed",
]

BODY_PLACEHOLDER = """{
  "event": "{{event.type}}",
  "createdBy": "{{event.createdBy}}",
  "featureToggle": "{{event.data.name}}",
  "timestamp": "{{event.data.createdAt}}",
  "json": {{{eventJson}}}
}"""

WEBHOOK = {
    "name": "webhook",
    "displayName": "Webhook",
    "description": (
        "A Webhook is a generic way to post messages from Unleash to third party services."
    ),
    "documentationUrl": "https://docs.getunleash.io/integrate/webhook",
    "howTo": (
        "The Webhook Addon introduces a generic way to post messages from Unleash to third "
        "party services. Unleash allows you to define a webhook which listens for changes in "
        "Unleash and posts them to a third party services."
    ),
    "parameters": [
        {
            "name": "url",
            "displayName": "Webhook URL",
            "description": (
                "(Required) The server performs an HTTP POST to this URL (retried with backoff "
                "when it fails)"
            ),
            "type": "url",
            "required": True,
            "sensitive": True,
        },
        {
            "name": "contentType",
            "displayName": "Content-Type",
            "placeholder": "application/json",
            "description": (
                '(Optional) The Content-Type header to use. Defaults to "application/json".'
            ),
            "type": "text",
            "required": False,
            "sensitive": False,
        },
        {
            "name": "authorization",
            "displayName": "Authorization",
            "placeholder": "",
            "description": "(Optional) The Authorization header to use. Not used if left blank.",
            "type": "text",
            "required": False,
            "sensitive": True,
        },
        {
            "name": "customHeaders",
            "displayName": "Extra HTTP Headers",
            "placeholder": (
                '{\n"ISTIO_USER_KEY": "hunter2",\n"SOME_OTHER_CUSTOM_HTTP_HEADER": "SOMEVALUE"\n}'
            ),
            "description": (
                "(Optional) Used to add extra HTTP Headers to the request the plugin fires off. "
                "This must be a valid json object of key-value pairs where both the key and the "
                "value are strings"
            ),
            "required": False,
            "sensitive": True,
            "type": "textfield",
        },
        {
            "name": "bodyTemplate",
            "displayName": "Body template",
            "placeholder": BODY_PLACEHOLDER,
            "description": (
                "(Optional) You may format the body using a mustache template. If you don't "
                "specify anything, the format will be similar to the [events format]"
                "(https://docs.getunleash.io/concepts/events). You can use `{{{eventJson}}}` to "
                'include the entire serialized event, or `"{{eventMarkdown}}"` for the '
                "formatted description."
            ),
            "type": "textfield",
            "required": False,
            "sensitive": False,
        },
    ],
    "events": WEBHOOK_EVENTS,
}

DEFINITIONS = {"webhook": WEBHOOK}


@dataclass(frozen=True)
class Parameter:
    name: str
    required: bool
    sensitive: bool


def parameters_of(provider: str) -> list[Parameter]:
    definition = DEFINITIONS[provider]
    return [
        Parameter(p["name"], p.get("required", False), p.get("sensitive", False))
        for p in definition["parameters"]
    ]


def sensitive_names(provider: str) -> set[str]:
    if provider not in DEFINITIONS:
        return set()
    return {p.name for p in parameters_of(provider) if p.sensitive}
