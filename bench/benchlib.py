"""Shared by the Python bench scripts: the bench database, a `serve` node, process figures."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = str(REPO / ".venv" / "bin" / "python")
FEATURES = os.environ.get(
    "BENCH_FEATURES", str(REPO.parent / "shared" / "bench" / "features-100.json")
)
if not Path(FEATURES).is_file():  # a worktree sits one level deeper than the main checkout
    FEATURES = str(REPO.parents[1] / "shared" / "bench" / "features-100.json")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unleash_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BACKEND = "*:development.bench0000000000000000000000000000000000000000000000000000"
ADMIN = "*:*.benchadmin000000000000000000000000000000000000000000000000"
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CELERY_BROKER_URL": REDIS_URL,
    "DEBUG": "0",
    "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production"),
    "INIT_ADMIN_API_TOKENS": ADMIN,
    "INIT_BACKEND_API_TOKENS": BACKEND,
}


def manage(*args: str, env: dict | None = None) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args],
        cwd=REPO,
        env=env or ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def prepare_database(features: str = FEATURES, env: dict | None = None) -> None:
    """Create (if missing) and migrate the bench database; load the flags; tokens at start-up."""
    env = env or ENV
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    admin_url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", admin_url, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    manage("migrate", "-v0", env=env)
    manage("import_features", features, "--environment", "development", "--project", "default",
           "--replace", env=env)  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServeNode:
    """`manage.py serve --no-scheduler` in its own process group, on a free port."""

    def __init__(self, workers: int = 2, env: dict | None = None):
        self.port = free_port()
        self.workers = workers
        self.env = {**ENV, **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.log = open(f"/tmp/bench-serve-{self.port}.log", "wb")  # noqa: SIM115

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def start(self) -> None:
        args = [PY, "manage.py", "serve", "--no-scheduler", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--workers", str(self.workers)]
        self.proc = subprocess.Popen(
            args, cwd=REPO, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/health", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"serve did not start; see {self.log.name}")

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc = None


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def tree_pids(root: int) -> list[int]:
    tree, out, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(tree.get(pid, []))
    return out


def rss_mib(pid: int) -> float:
    """One process's own resident memory."""
    return tree_rss_mib(pid, recursive=False)


def tree_rss_mib(root: int, recursive: bool = True) -> float:
    total = 0
    for pid in tree_pids(root) if recursive else [root]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def tree_cpu_seconds(root: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in tree_pids(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    sys.exit("a library for the bench scripts")
