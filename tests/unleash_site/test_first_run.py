"""A newcomer's first run: data/ made where needed, quiet logs, a favicon."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core import redis_client
from metrics import buffer
from metrics.aggregates import FeatureHourlyMetric
from metrics.validation import ToggleCounts
from tests.support.workers import wait_for, worker_with_beat

REPO = Path(__file__).resolve().parents[2]
HOUR = datetime(2026, 11, 26, 6, tzinfo=UTC)


@contextmanager
def console_output():
    """What the configured console handler (with its filters) writes during the block."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    captured = io.StringIO()
    previous = handler.setStream(captured)
    try:
        yield captured
    finally:
        handler.setStream(previous)


@pytest.mark.live  # manage.py migrate in a fresh process
def test_migrate__sqlite_data_dir_missing__created(tmp_path):
    data_dir = tmp_path / "fresh" / "data"
    env = {**os.environ, "DATA_DIR": str(data_dir), "REDIS_URL": "", "CELERY_BROKER_URL": ""}
    env["DATABASE_URL"] = f"sqlite:///{data_dir / 'unleash.sqlite3'}"

    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr[-2000:]
    assert (data_dir / "unleash.sqlite3").stat().st_size > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "headers", "status", "first_words"),
    [
        ("/admin/", {"HTTP_HOST": "evil.example"}, 400, "Invalid HTTP_HOST header"),
        ("/no-such-page", {}, 404, "Not Found: /no-such-page"),
        ("/api/admin/no-such-route", {}, 404, "Not Found: /api/admin/no-such-route"),
    ],
)
def test_refused_request__4xx__one_log_line_without_traceback(
    client, path, headers, status, first_words
):
    with console_output() as out:
        response = client.get(path, **headers)

    assert response.status_code == status
    lines = out.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert first_words in lines[0]
    assert "Traceback" not in out.getvalue()


@pytest.mark.django_db
def test_favicon__browser_asks__static_icon_served(client):
    response = client.get("/favicon.ico", follow=True)

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert body == (REPO / "static" / "favicon.ico").read_bytes()


def _buffer_one_batch() -> None:
    counts = buffer.count_entries(
        "production", "my-app", HOUR.isoformat(), {"checkout": ToggleCounts(2, 1, {})}
    )
    buffer.RedisBuffer(redis_client.get_client()).add(counts, [], [])


def _log_lines(log: Path, needle: str) -> list[str]:
    text = log.read_text(errors="replace") if log.exists() else ""
    return [line for line in text.splitlines() if needle in line]


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_metrics_flush__every_tick__info_only_when_it_moved_something(tmp_path, checkout_flag):
    """Beat ticks every second: one INFO line for the batch moved, then silence about flushes
    while a task that is not routine (metrics.retention) keeps its INFO lines."""
    _buffer_one_batch()
    log = tmp_path / "worker.log"

    with worker_with_beat(tmp_path, log, BEAT_INTERVAL_SECONDS=1, LOG_LEVEL="INFO"):
        assert wait_for(lambda: _log_lines(log, "metrics flush: 1 batch(es), 1 applied"), 60)
        settled = len(_log_lines(log, "metrics.retention[")) + 6
        assert wait_for(lambda: len(_log_lines(log, "metrics.retention[")) >= settled, 60)
        time.sleep(0.5)

    assert sum(row.yes for row in FeatureHourlyMetric.objects.filter(hour=HOUR)) == 2
    assert len(_log_lines(log, "metrics flush:")) == 1
    assert _log_lines(log, "Task metrics.flush[") == []  # Celery's received / succeeded
    assert _log_lines(log, "due task metrics-flush") == []  # beat's sending
    assert _log_lines(log, "Task metrics.retention[")  # other tasks keep their INFO lines


@pytest.fixture
def checkout_flag(default_project, system_actor):
    from flags.services import feature_create

    return feature_create(project=default_project, name="checkout", actor=system_actor)
