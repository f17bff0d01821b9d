"""A web server and a Celery worker with beat, as real processes on the test database."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

from tests.support.processes import free_port

ROOT = Path(__file__).resolve().parents[2]


def database_url(user: str | None = None, password: str | None = None) -> str:
    """The test database's URL (optionally as another role)."""
    db = connection.settings_dict
    user = user or db.get("USER") or "postgres"
    auth = f"{user}:{password}" if password else user
    return (
        f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def process_env(**extra) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": settings.REDIS_URL}
    env.update(CELERY_BROKER_URL=settings.REDIS_URL, DEBUG="false", PYTHONUNBUFFERED="1")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def web_server(log_path: Path, **env):
    """granian serving the WSGI app on a free port; yields its base URL."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
        "--port", str(port), "--workers", "1", "--no-ws", "unleash_site.wsgi:application",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=process_env(**env), stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, proc, log_path)
            yield base
        finally:
            _stop(proc)


def _wait_healthy(base: str, proc, log_path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()[-2000:]}")
        try:
            if requests.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not start: {log_path.read_text()[-2000:]}")


@contextmanager
def worker_with_beat(tmp_path: Path, log_path: Path, **env):
    """A real Celery worker with embedded beat, ticking every BEAT_INTERVAL_SECONDS."""
    cmd = [
        sys.executable, "-m", "celery", "-A", "unleash_site", "worker", "--beat",
        "--concurrency", "1", "--loglevel", "INFO", "--without-heartbeat",
        "--without-gossip", "--without-mingle", "-s", str(tmp_path / "beat-schedule"),
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=process_env(**env), stdout=log, stderr=log)
        try:
            yield proc
        finally:
            _stop(proc)


def wait_for(predicate, timeout: float, interval: float = 0.1):
    """Poll until predicate() is truthy; returns its value, or the last falsy one."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value
