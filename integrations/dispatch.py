"""From a committed audit event to one delivery task per integration it reaches.

Runs after the write's commit (never inside it): a slow or failing broker or receiver can
neither delay nor undo the write that produced the event, and a rolled-back write sends
nothing.
"""

import logging
from functools import partial

from django.db import DatabaseError, transaction

log = logging.getLogger(__name__)


def on_event_saved(sender, instance, created, **kwargs) -> None:
    if not created:
        return
    transaction.on_commit(
        partial(enqueue, instance.pk, instance.type, instance.project, instance.environment)
    )


def enqueue(event_id: int, event_type: str, project: str, environment: str) -> int:
    """Queue a delivery per subscribed integration; how many were queued."""
    from integrations import selectors, tasks

    try:
        targets = selectors.subscribed(event_type, project, environment)
    except DatabaseError:
        log.warning("event %s: integrations could not be read; nothing delivered", event_id)
        return 0
    queued = 0
    for integration_id in targets:
        try:
            # retry=False: an unreachable broker fails at once instead of holding the answer
            tasks.deliver.apply_async((integration_id, event_id), retry=False)
            queued += 1
        except Exception:  # the broker's errors vary by transport; the write already stands
            log.exception("event %s: not queued for integration %s", event_id, integration_id)
    return queued
