"""The Celery application; the beat schedule lives in code (no DB-backed scheduler)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")

app = Celery("unleash_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {}
