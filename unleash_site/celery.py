"""The Celery application; the beat schedule lives in code (no DB-backed scheduler).

Everything configurable comes from Django settings (the only reader of the environment); the
schedule is built once Celery is configured, so importing this module reads nothing.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")

# Every task pauses while maintenance mode is on, unless it declares maintenance_exempt.
app = Celery("unleash_site", task_cls="maintenance.task_guard:MaintenanceAwareTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def beat_schedule(beat_every: float, flush_every: float) -> dict:
    """The periodic tasks; ``beat_every`` (> 0) replaces every interval (tests)."""
    every = beat_every or None
    return {
        "maintenance-close-finished-window": {
            "task": "maintenance.close_finished_window",
            "schedule": every or 30.0,
        },
        "clear-expired-sessions": {
            "task": "accounts.clear_expired_sessions",
            "schedule": every or 3600.0,
        },
        # expires: a flush queued behind a slow one is dropped; the next tick does its work
        "metrics-flush": {
            "task": "metrics.flush",
            "schedule": every or flush_every,
            "options": {"expires": 30},
        },
        "metrics-retention": {"task": "metrics.retention", "schedule": every or 3600.0},
        "login-history-retention": {
            "task": "accounts.login_history_retention",
            "schedule": every or 3600.0,
        },
    }


def broker_folders(transport_options: dict) -> list[Path]:
    """The filesystem broker's folders (embedded profile); kombu creates none of them itself."""
    keys = ("data_folder_in", "data_folder_out", "control_folder", "processed_folder")
    return [Path(transport_options[key]) for key in keys if key in transport_options]


@app.on_after_configure.connect
def _configure(sender, **_):
    from django.conf import settings

    sender.conf.beat_schedule = beat_schedule(
        settings.BEAT_INTERVAL_SECONDS, settings.METRICS_FLUSH_SECONDS
    )
    if str(sender.conf.broker_url).startswith("filesystem://"):
        for folder in broker_folders(sender.conf.broker_transport_options or {}):
            folder.mkdir(parents=True, exist_ok=True)
    Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent.mkdir(parents=True, exist_ok=True)
