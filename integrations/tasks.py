"""The delivery job: one event to one integration, retried with backoff while it may succeed."""

import logging

from celery import shared_task
from django.conf import settings

from maintenance.task_guard import MaintenanceAwareTask

log = logging.getLogger(__name__)


def backoff(retries: int) -> float:
    """Seconds before try ``retries + 2``: doubling from the configured base, at most 5 min."""
    return min(settings.INTEGRATION_RETRY_BACKOFF_SECONDS * (2**retries), 300.0)


# Exempt from maintenance: delivering a committed event is not an admin write (only its
# log row is skipped while writes are refused).
@shared_task(
    bind=True,
    name="integrations.deliver",
    base=MaintenanceAwareTask,
    maintenance_exempt=True,
    ignore_result=True,
    max_retries=None,
)
def deliver(self, integration_id: int, event_id: int) -> str | None:
    from core.models import Event
    from integrations import delivery
    from integrations.models import Integration

    integration = Integration.objects.filter(pk=integration_id, enabled=True).first()
    event = Event.objects.filter(pk=event_id).first()
    if integration is None or event is None:
        return None  # deleted or switched off since the event: nothing to send
    outcome = delivery.attempt(integration, event)
    tries = self.request.retries + 1
    if outcome.retryable and self.request.retries < settings.INTEGRATION_DELIVERY_RETRIES:
        log.info("integration %s, event %s: try %d failed", integration_id, event_id, tries)
        raise self.retry(countdown=backoff(self.request.retries))
    delivery.record(integration, event, outcome, tries)
    return outcome.state
