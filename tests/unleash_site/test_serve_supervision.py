"""`manage.py serve` restarts a granian that died, and exits non-zero when it keeps dying."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.processes import free_port
from tests.support.workers import process_env, wait_for
from unleash_site.supervision import Child, GaveUp, Policy, tend

REPO = Path(__file__).resolve().parents[2]
MAX_RESTARTS = 2
BACKOFF = 0.5


class Serve:
    """`manage.py serve --no-scheduler` on a free port, its log in a file."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        command = [
            sys.executable, "manage.py", "serve", "--no-scheduler", "--workers", "1",
            "--port", str(self.port), "--max-restarts", str(MAX_RESTARTS),
            "--restart-backoff", str(BACKOFF), "--stable-after", "120",
        ]  # fmt: skip
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen(
                command, cwd=REPO, env=process_env(), stdout=log, stderr=subprocess.STDOUT
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def children(self) -> list[int]:
        """serve's direct children (granian's main process here), from /proc."""
        pids: list[int] = []
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*"):
            try:
                pids += [int(pid) for pid in (task / "children").read_text().split()]
            except OSError:
                continue
        return pids

    def healthy(self) -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{self.port}/health", timeout=1).ok
        except requests.RequestException:
            return False

    def wait_healthy(self, killed: list[int], timeout: float = 30) -> int:
        """The pid of a granian not in ``killed``, once it answers /health with 200."""

        def serving() -> int | None:
            fresh = [pid for pid in self.children() if pid not in killed]
            # a killed granian's orphaned worker may still answer until serve reaps the group
            return fresh[0] if len(fresh) == 1 and self.healthy() else None

        granian = wait_for(lambda: self.proc.poll() is None and serving(), timeout)
        assert granian, self.log()
        return granian

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def serve(tmp_path):
    server = Serve(tmp_path / "serve.log")
    yield server
    server.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"


@pytest.mark.live  # `serve` starts `manage.py serve` (granian)
def test_serve__granian_killed__restarted_and_site_answers_again(serve):
    first = serve.wait_healthy(killed=[])

    os.kill(first, signal.SIGKILL)
    killed_at = time.monotonic()
    second = serve.wait_healthy(killed=[first], timeout=20)
    back_after = time.monotonic() - killed_at

    assert back_after < 20
    assert not _alive(first)
    assert "granian exited (signal 9)" in serve.log()
    assert f"restart 1 of {MAX_RESTARTS} in {BACKOFF:.1f} s" in serve.log()
    serve.proc.send_signal(signal.SIGTERM)
    assert serve.proc.wait(timeout=20) == 0
    assert wait_for(lambda: not _alive(second), 10)


@pytest.mark.live  # `serve` starts `manage.py serve` (granian)
def test_serve__granian_keeps_dying__serve_exits_non_zero(serve):
    killed = []
    for _ in range(MAX_RESTARTS + 1):
        granian = serve.wait_healthy(killed)
        os.kill(granian, signal.SIGKILL)
        killed.append(granian)

    code = serve.proc.wait(timeout=20)

    assert code != 0
    assert "times in a row: giving up" in serve.log()
    assert not [pid for pid in killed if _alive(pid)]


def test_policy_delay__consecutive_failures__doubles_up_to_the_cap():
    policy = Policy(backoff=1.0, backoff_max=30.0)

    assert [policy.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def _crashed_child(policy: Policy) -> Child:
    child = Child("crasher", [sys.executable, "-c", "raise SystemExit(3)"])
    child.start()
    child.proc.wait(timeout=10)
    tend(child, policy)
    return child


def test_tend__child_up_longer_than_stable_after__failure_count_starts_afresh():
    policy = Policy(max_restarts=1, backoff=0, stable_after=0)  # every run counts as stable
    child = _crashed_child(policy)
    for _ in range(3):
        tend(child, policy)  # delay 0: restarted now
        child.proc.wait(timeout=10)
        tend(child, policy)  # died again: a first failure, not a third

    assert child.failures == 1


def test_tend__child_dies_again_before_stable_after__gives_up_with_its_code():
    policy = Policy(max_restarts=1, backoff=0, stable_after=60)
    child = _crashed_child(policy)
    tend(child, policy)  # delay 0: restarted now
    child.proc.wait(timeout=10)

    with pytest.raises(GaveUp) as gave_up:
        tend(child, policy)

    assert gave_up.value.code == 3
