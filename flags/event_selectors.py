"""Reads of the audit log for admin pages: a flag's latest events with their changes."""

from dataclasses import dataclass

from core.models import Event
from flags import event_diff

FLAG_EVENTS = 5
DIFF_LINES = 12


@dataclass(frozen=True)
class EventChange:
    event: Event
    summary: list[str]
    lines: list[event_diff.DiffLine]
    more_lines: int


def flag_events(feature_name: str, limit: int = FLAG_EVENTS) -> list[EventChange]:
    """The flag's newest events, each with its change summary and the first diff lines."""
    rows = Event.objects.filter(feature_name=feature_name).order_by("-id")[:limit]
    changes = []
    for event in rows:
        lines = event_diff.diff(event.pre_data, event.data)
        changes.append(
            EventChange(
                event=event,
                summary=event_diff.summary(event.pre_data, event.data),
                lines=lines[:DIFF_LINES],
                more_lines=max(0, len(lines) - DIFF_LINES),
            )
        )
    return changes
