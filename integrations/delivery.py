"""Deliver one event to one integration and keep a short log of the outcome (Unleash's
integration events: the latest 100 per integration).

Nothing here is an admin write: deliveries go on while maintenance mode is on; only the log
row is skipped then (the database may be read-only).
"""

import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, transaction

from core.models import Event
from flags.api.admin.serializers.events import EventSerializer
from integrations import markdown, rendering, secrets, sender
from integrations.models import Delivery, Integration
from integrations.urlcheck import UrlRefused, check_url
from maintenance import state as maintenance_state

log = logging.getLogger(__name__)

# Answers worth another try: the receiver is busy or briefly broken.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
KEEP = 100


@dataclass
class Outcome:
    state: str
    details: list[str] = field(default_factory=list)
    retryable: bool = False
    sent: dict = field(default_factory=dict)


def event_wire(event: Event) -> dict:
    """The event exactly as GET /api/admin/events shows it (plain JSON types)."""
    return json.loads(json.dumps(EventSerializer(event).data))


def _origin(checked_or_url) -> str:
    parts = checked_or_url.parts
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def attempt(integration: Integration, event: Event) -> Outcome:
    """One POST of ``event`` to ``integration``; what happened."""
    params = secrets.joined(integration)
    wire = event_wire(event)
    rendered = rendering.render_webhook(params, wire, markdown.event_markdown(wire))
    try:
        checked = check_url(str(params.get("url", "")))
    except UrlRefused as exc:
        return Outcome("failed", [f"Webhook URL refused: {exc}"])
    sent = {
        "url": _origin(checked),
        "contentType": rendered.headers["Content-Type"],
        "body": wire if rendered.sent_event else rendered.body,
    }
    try:
        answer = sender.post(
            checked,
            rendered.body.encode("utf-8", "surrogatepass"),
            rendered.headers,
            timeout=settings.INTEGRATION_TIMEOUT_SECONDS,
        )
    except sender.DeliveryFailed as exc:
        return Outcome("failed", [f"Webhook request failed: {exc}"], retryable=True, sent=sent)
    if not answer.ok:
        message = f"Webhook request failed with status code: {answer.status}."
        return Outcome("failed", [message], answer.status in RETRY_STATUSES, sent)
    state = "successWithErrors" if rendered.problems else "success"
    message = f"Webhook request was successful with status code: {answer.status}."
    return Outcome(state, [message, *rendered.problems], sent=sent)


def record(integration: Integration, event: Event, outcome: Outcome, tries: int) -> None:
    """Keep the outcome in the integration's log (not while writes are refused)."""
    details = list(outcome.details)
    if tries > 1:
        details.append(f"Tried {tries} times.")
    if maintenance_state.is_active():
        log.info("integration %s: %s (not logged: maintenance)", integration.pk, outcome.state)
        return
    try:
        with transaction.atomic():
            Delivery.objects.create(
                integration=integration,
                state=outcome.state,
                state_details="\n".join(details),
                event=event_wire(event),
                details=outcome.sent,
            )
            stale = Delivery.objects.filter(integration=integration).order_by("-id")[KEEP:]
            Delivery.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    except DatabaseError:
        log.warning("integration %s: delivery outcome not logged", integration.pk)
