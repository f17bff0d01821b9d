"""Reads of integrations: the list, one by id, its delivery log, the ones an event reaches."""

from flags.errors import NotFound
from integrations.models import Delivery, Integration

WILDCARD = "*"
MAX_DELIVERIES = 100


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
    rows = Integration.objects.filter(enabled=True).values_list(
        "id", "events", "projects", "environments"
    )
    return [
        pk
        for pk, events, projects, environments in rows
        if event_type in (events or [])
        and _scoped(projects or [], project)
        and _scoped(environments or [], environment)
    ]
