"""The Celery base task that pauses jobs while maintenance is on (the app's `task_cls`).

Every task of the app inherits it, so no periodic job can forget the check. A task that must
run during maintenance (the window check) sets `maintenance_exempt = True`. Skips and runs
are counted in Redis under `unleash:tasks:<task name>` (fields `skipped`, `ran`).
"""

import logging
import time

from celery import Task

log = logging.getLogger(__name__)

STATS_KEY = "unleash:tasks:{name}"


def task_stats(name: str) -> dict[str, int]:
    """Skip and run counters of one task, read from Redis ({} without Redis)."""
    from core import redis_client

    client = redis_client.get_client()
    if client is None:
        return {}
    raw = client.hgetall(STATS_KEY.format(name=name))
    return {k.decode(): int(float(v)) for k, v in raw.items()}


def _count(name: str, field: str) -> None:
    import redis

    from core import redis_client

    client = redis_client.get_client()
    if client is None:
        return
    try:
        key = STATS_KEY.format(name=name)
        client.hincrby(key, field, 1)
        client.hset(key, f"last_{field}", int(time.time()))
    except redis.RedisError:
        log.warning("could not count %s of task %s", field, name)


class MaintenanceAwareTask(Task):
    maintenance_exempt = False

    def __call__(self, *args, **kwargs):
        if not self.maintenance_exempt:
            from maintenance import state

            if state.is_active():
                log.info("maintenance mode is on: skipping task %s until it ends", self.name)
                _count(self.name, "skipped")
                return None
        result = super().__call__(*args, **kwargs)
        _count(self.name, "ran")
        return result
