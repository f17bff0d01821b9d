"""Keep serve's children (granian, Celery) alive: restart with backoff, or give up loudly.

A child that exits unasked is restarted after an exponential delay (``backoff``, doubled per
consecutive failure, capped at ``backoff_max``). A child that stayed up ``stable_after`` seconds
starts counting afresh. After ``max_restarts`` consecutive failures serve stops everything and
exits non-zero, so an outer supervisor (systemd, Docker, Kubernetes) restarts the whole
instance: never a silently dead server.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("unleash_site.serve")

TICK = 0.2
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class Policy:
    """How hard to try before giving up."""

    max_restarts: int = 5
    backoff: float = 1.0
    backoff_max: float = 30.0
    stable_after: float = 60.0

    @classmethod
    def from_settings(cls) -> Policy:
        """The policy the SERVE_* settings describe."""
        from django.conf import settings

        return cls(
            max_restarts=settings.SERVE_MAX_RESTARTS,
            backoff=settings.SERVE_RESTART_BACKOFF,
            backoff_max=settings.SERVE_RESTART_BACKOFF_MAX,
            stable_after=settings.SERVE_STABLE_AFTER,
        )

    def delay(self, failures: int) -> float:
        """Seconds to wait before restart number ``failures`` (1, 2, 4, ... up to the cap)."""
        return min(self.backoff_max, self.backoff * 2 ** max(failures - 1, 0))


class GaveUp(Exception):
    """A child kept dying: the exit code serve should end with."""

    def __init__(self, name: str, code: int) -> None:
        super().__init__(f"{name} kept exiting")
        self.code = code


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM it if serve itself dies (Linux), so no orphan keeps
    the port and a restarted serve can bind it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Child:
    """One supervised command, in its own process group so its own workers go with it."""

    def __init__(self, name: str, command: list[str]) -> None:
        self.name = name
        self.command = command
        self.proc: subprocess.Popen | None = None
        self.started = 0.0
        self.failures = 0
        self.restart_at: float | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.command, start_new_session=True, preexec_fn=_die_with_parent
        )
        self.started = time.monotonic()
        self.restart_at = None
        log.info("%s started (pid %s)", self.name, self.proc.pid)

    def exit_code(self) -> int | None:
        """The exit code once the process has ended (and not yet been handled)."""
        if self.proc is None or self.restart_at is not None:
            return None
        return self.proc.poll()

    def kill_group(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole group: a crashed granian's orphaned workers would hold the port."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, sig)

    def finish(self, timeout: float) -> None:
        """Wait for a process already asked to stop; SIGKILL the group when it takes too long."""
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout=max(timeout, 0.1))
        except subprocess.TimeoutExpired:
            self.kill_group(signal.SIGKILL)
            self.proc.wait()
        self.kill_group(signal.SIGKILL)  # workers that outlived their parent


def stop_all(children: list[Child], timeout: float = 10.0) -> None:
    """SIGTERM every child's group at once, then give them ``timeout`` seconds together."""
    for child in children:
        child.kill_group(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for child in children:
        child.finish(deadline - time.monotonic())


def _exit_status(code: int) -> str:
    return f"signal {-code}" if code < 0 else f"code {code}"


def tend(child: Child, policy: Policy) -> None:
    """Schedule a restart for a child that died; start it when its delay is over."""
    now = time.monotonic()
    if child.restart_at is not None:
        if now >= child.restart_at:
            child.start()
        return
    code = child.exit_code()
    if code is None:
        return
    child.kill_group()
    uptime = now - child.started
    child.failures = 1 if uptime >= policy.stable_after else child.failures + 1
    if child.failures > policy.max_restarts:
        log.error(
            "%s exited (%s) after %.1f s, %d times in a row: giving up so a supervisor restarts"
            " the instance",
            child.name, _exit_status(code), uptime, child.failures,
        )  # fmt: skip
        raise GaveUp(child.name, code if code > 0 else 1)
    delay = policy.delay(child.failures)
    log.warning(
        "%s exited (%s) after %.1f s; restart %d of %d in %.1f s",
        child.name, _exit_status(code), uptime, child.failures, policy.max_restarts, delay,
    )  # fmt: skip
    child.restart_at = now + delay


def supervise(children: list[Child], policy: Policy, stopping: Callable[[], bool]) -> int:
    """Run the children until ``stopping()``; 0 then, or the code of a child that kept dying."""
    for child in children:
        child.start()
    try:
        while not stopping():
            for child in children:
                tend(child, policy)
            time.sleep(TICK)
        return 0
    except GaveUp as exc:
        return exc.code
    finally:
        stop_all(children)
