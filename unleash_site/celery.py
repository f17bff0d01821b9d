"""The Celery application; the beat schedule lives in code (no DB-backed scheduler)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")

# Every task pauses while maintenance mode is on, unless it declares maintenance_exempt.
app = Celery("unleash_site", task_cls="maintenance.task_guard:MaintenanceAwareTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {}

# BEAT_INTERVAL_SECONDS shortens these intervals (tests run real beat ticks with it).
_beat_every = float(os.environ.get("BEAT_INTERVAL_SECONDS") or 0) or None
app.conf.beat_schedule.update(
    {
        "maintenance-close-finished-window": {
            "task": "maintenance.close_finished_window",
            "schedule": _beat_every or 30.0,
        },
        "clear-expired-sessions": {
            "task": "maintenance.clear_expired_sessions",
            "schedule": _beat_every or 3600.0,
        },
        # expires: a flush queued behind a slow one is dropped; the next tick does its work
        "metrics-flush": {
            "task": "metrics.flush",
            "schedule": _beat_every or float(os.environ.get("METRICS_FLUSH_SECONDS") or 5.0),
            "options": {"expires": 30},
        },
        "metrics-retention": {
            "task": "metrics.retention",
            "schedule": _beat_every or 3600.0,
        },
        "login-history-retention": {
            "task": "unleash_site.login_history_retention",
            "schedule": _beat_every or 3600.0,
        },
    }
)
