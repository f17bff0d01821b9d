"""What a webhook sends for one event: Unleash's body (the event or a Mustache template), headers.

Template context as Unleash's webhook: `event` (the event as the events API shows it),
`eventJson` (that event as a JSON string literal, for `{{{eventJson}}}`) and `eventMarkdown`
(a one-line markdown description; inside a JSON string it is JSON-escaped).
"""

import json
import re
from dataclasses import dataclass, field

import chevron

# The markdown is rendered as this placeholder first, then swapped in escaped or not.
_PLACEHOLDER = "\0UNLEASH_EVENT_MARKDOWN\0"
# RFC 9110 token characters: anything else in a header name is refused.
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


@dataclass
class Rendered:
    body: str
    headers: dict[str, str]
    problems: list[str] = field(default_factory=list)
    sent_event: bool = False


def _inside_string(text: str, offset: int) -> bool:
    """Whether ``offset`` falls inside a double-quoted JSON string of ``text``."""
    inside = escaped = False
    for char in text[:offset]:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            inside = not inside
    return inside


def _render_template(template: str, event: dict, markdown: str) -> str:
    context = {
        "event": event,
        "eventJson": json.dumps(json.dumps(event)),
        "eventMarkdown": _PLACEHOLDER,
    }
    rendered = chevron.render(template, context)
    escaped = json.dumps(markdown)[1:-1]
    parts, last = [], 0
    for match in re.finditer(re.escape(_PLACEHOLDER), rendered):
        parts.append(rendered[last : match.start()])
        parts.append(escaped if _inside_string(rendered, match.start()) else markdown)
        last = match.end()
    parts.append(rendered[last:])
    return "".join(parts)


def _extra_headers(raw, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, str) or len(raw) <= 1:
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError:
        problems.append("Could not parse the JSON in the customHeaders parameter.")
        return {}
    if not isinstance(parsed, dict):
        problems.append("The customHeaders parameter is not a JSON object.")
        return {}
    headers = {}
    for name, value in parsed.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if (
            isinstance(value, str)
            and _HEADER_NAME.match(name)
            and not any(c in value for c in "\r\n\0")
        ):
            headers[name] = value
        else:
            problems.append(f"Skipped the custom header {name[:60]!r}: not a valid header.")
    return headers


def render_webhook(parameters: dict, event: dict, markdown: str) -> Rendered:
    """Body and headers for one event, with any problem that did not stop the delivery."""
    problems: list[str] = []
    template = parameters.get("bodyTemplate")
    if isinstance(template, str) and len(template) > 1:
        body, sent_event = _render_template(template, event, markdown), False
    else:
        body, sent_event = json.dumps(event), True
    headers = {"Content-Type": str(parameters.get("contentType") or "application/json")}
    if parameters.get("authorization"):
        headers["Authorization"] = str(parameters["authorization"])
    headers.update(_extra_headers(parameters.get("customHeaders"), problems))
    return Rendered(body=body, headers=headers, problems=problems, sent_event=sent_event)
