"""A "node" for multi-node tests: `manage.py serve` (granian + Celery worker with beat) on its port.

Each node is one process group, so teardown reaches every granian and Celery process it
started, whatever state `serve` is in. Nodes share the PostgreSQL database and Redis the test
hands them; `dedicated_database` gives a test its own migrated database on the shared server.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

from tests.support.processes import REPO, PrivateRedis, environment, free_port, manage

# Celery's worker logs this line once it consumes from the broker.
WORKER_READY = " ready."


class Node:
    """One `manage.py serve` process group: web server and (unless told not to) worker + beat."""

    def __init__(self, name: str, env: dict[str, str], workers: int = 1, scheduler: bool = True):
        self.name = name
        self.port = free_port()
        self.scheduler = scheduler
        self.dir = Path(tempfile.mkdtemp(prefix=f"node-{name}-"))
        # each beat needs its own schedule file: two beats sharing one would corrupt it
        self.env = {**env, "CELERY_BEAT_SCHEDULE": str(self.dir / "beat-schedule")}
        self.env.setdefault("PYTHONUNBUFFERED", "1")
        self.workers = workers
        self.log_path = self.dir / "serve.log"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start serve in a new session (its own process group); return once it answers."""
        args = [sys.executable, "manage.py", "serve", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--workers", str(self.workers)]
        args += ["--blocking-threads", "2"]
        if not self.scheduler:
            args.append("--no-scheduler")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                args, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until /health answers 200 and, with a scheduler, the Celery worker consumes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"node {self.name} exited:\n{self.output()[-3000:]}")
            if self._healthy() and (not self.scheduler or WORKER_READY in self.output()):
                return
            time.sleep(0.1)
        raise RuntimeError(f"node {self.name} not ready in {timeout} s:\n{self.output()[-3000:]}")

    def _healthy(self) -> bool:
        try:
            return requests.get(f"{self.url}/health", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        """SIGTERM the whole group, then SIGKILL whatever is left of it (no orphan survives)."""
        if self.proc is None:
            return
        _signal_group(self.proc.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=15)
        # granian or Celery children may outlive serve itself; the group id outlives them all
        _signal_group(self.proc.pid, signal.SIGKILL)
        if self.proc.poll() is None:
            self.proc.wait(timeout=10)
        self.proc = None

    def close(self) -> None:
        """Stop, then remove the node's directory (its log and beat schedule)."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _signal_group(pgid: int, sig: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pgid, sig)


@contextmanager
def running(*nodes: Node):
    """Start every node (in parallel), wait until all are ready, stop them all afterwards."""
    try:
        for node in nodes:
            node.start()
        for node in nodes:
            node.wait_ready()
        yield nodes
    finally:
        for node in nodes:
            node.close()


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def dedicated_database(server_url: str, name: str, env: dict[str, str]):
    """A freshly created and migrated database `name` on the server of `server_url`; dropped after.

    `env` is the nodes' environment (without DATABASE_URL): migrate creates its startup tokens.
    Yields the new database's URL.
    """
    admin = _with_database(server_url, "postgres")
    url = _with_database(server_url, name)
    _admin_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_sql(admin, f'CREATE DATABASE "{name}"')
    try:
        manage({**env, "DATABASE_URL": url}, "migrate", "--noinput")
        yield url
    finally:
        _admin_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_sql(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


@contextmanager
def private_cluster(label: str, *names: str, **settings: str):
    """Nodes `names` (serve, no scheduler) on a private Redis and their own migrated database.

    `settings` go into every node's environment. Yields (the PrivateRedis, the nodes).
    """
    cache = PrivateRedis()
    cache.start()
    env = environment("", cache.url, CELERY_BROKER_URL=cache.url, DEBUG="false", **settings)
    name = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") or "unleash"
    try:
        with dedicated_database(os.environ["DATABASE_URL"], f"test_{name}_{label}", env) as url:
            env["DATABASE_URL"] = url
            with running(*(Node(n, env, scheduler=False) for n in names)) as nodes:
                yield cache, nodes
    finally:
        cache.close()
