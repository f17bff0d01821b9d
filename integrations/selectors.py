"""Reads of integrations: the list, one by id, its delivery log, the ones an event reaches."""

import time

from core import cache_reset
from core.errors import NotFound
from integrations.models import Delivery, Integration

WILDCARD = "*"
MAX_DELIVERIES = 100
# Seconds a process reuses the enabled integrations: a write that commits a thousand events
# (an import) reads them once, and a change reaches every process within this bound.
SUBSCRIPTIONS_TTL = 1.0

_subscriptions: dict = {}


@cache_reset.register
def forget_subscriptions() -> None:
    """Drop this process's copy (the services call it after each integration write)."""
    _subscriptions.clear()


def _enabled_rows() -> list[tuple]:
    now = time.monotonic()
    if _subscriptions.get("until", 0.0) <= now:
        rows = Integration.objects.filter(enabled=True).values_list(
            "id", "events", "projects", "environments"
        )
        _subscriptions.update(rows=list(rows), until=now + SUBSCRIPTIONS_TTL)
    return _subscriptions["rows"]


def all_integrations() -> list[Integration]:
    return list(Integration.objects.order_by("id"))


def get_integration(integration_id: int) -> Integration:
    row = Integration.objects.filter(pk=integration_id).first()
    if row is None:
        raise NotFound.at("id", "Could not find addon")
    return row


def deliveries(integration_id: int, *, limit: int, offset: int) -> list[Delivery]:
    """Newest first, as Unleash pages its integration events."""
    rows = Delivery.objects.filter(integration_id=integration_id).order_by("-id")
    return list(rows[offset : offset + limit])


def _scoped(chosen: list, value: str) -> bool:
    # Unleash: no value on the event, no choice, or a leading "*" all mean "reaches it".
    return not value or not chosen or chosen[0] == WILDCARD or value in chosen


def subscribed(event_type: str, project: str, environment: str) -> list[int]:
    """Ids of the enabled integrations an event of this type, project and environment reaches."""
    return [
        pk
        for pk, events, projects, environments in _enabled_rows()
        if event_type in (events or [])
        and _scoped(projects or [], project)
        and _scoped(environments or [], environment)
    ]
