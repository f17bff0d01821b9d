"""Periodic metric jobs: aggregate the buffer every few seconds, apply retention hourly.

A batch the flush cannot apply is set aside by the service (counted, logged once). A store
that is unreachable pauses the flush: one warning when that starts and one when it ends, not a
traceback every few seconds; the batches wait in the buffer meanwhile.

Both pause while maintenance mode is on (``MaintenanceAwareTask`` skips and counts them); the
buffer keeps everything meanwhile, so the first tick after maintenance catches up.
"""

import logging
import time

from celery import shared_task

from maintenance.task_guard import MaintenanceAwareTask
from metrics import buffer, prometheus, services

log = logging.getLogger(__name__)


# Whether the last flush in this process found a store unreachable: one log line per outage.
_outage = {"since": None}


@shared_task(name="metrics.flush", base=MaintenanceAwareTask, ignore_result=True)
def flush_metrics() -> dict:
    """Move buffered SDK metrics and registrations into the aggregated tables."""
    try:
        result = services.flush()
    except buffer.STORE_ERRORS as exc:
        reason = buffer.describe(exc)
        if _outage["since"] is None:
            _outage["since"] = time.monotonic()
            log.warning("metrics flush paused, %s; batches wait in the buffer", reason)
        return {"unavailable": reason}
    if _outage["since"] is not None:
        log.warning("metrics flush resumed after %.0fs", time.monotonic() - _outage["since"])
        _outage["since"] = None
    prometheus.record_flush(result.seconds, result.applied, result.skipped)
    if result.batches:
        # every few seconds: INFO only when something moved (applied or set aside)
        moved = result.applied or result.set_aside
        log.log(
            logging.INFO if moved else logging.DEBUG,
            "metrics flush: %d batch(es), %d applied, %d already applied, %d set aside, "
            "%d rows in %.3fs",
            result.batches,
            result.applied,
            result.skipped,
            result.set_aside,
            result.rows,
            result.seconds,
        )
    return {
        "batches": result.batches,
        "applied": result.applied,
        "rows": result.rows,
        "set_aside": result.set_aside,
    }


@shared_task(name="metrics.retention", base=MaintenanceAwareTask, ignore_result=True)
def apply_retention() -> dict:
    """Drop old hourly rows and instances not seen for two days."""
    result = services.apply_retention()
    log.info(
        "metrics retention: %d hourly rows, %d instances removed",
        result.hourly_rows,
        result.instances,
    )
    return {"hourly_rows": result.hourly_rows, "instances": result.instances}
