"""The official Node SDK (`unleash-client` from npm) driven by tests/sdk/node/stream_client.js.

The package is installed with npm on first use into .cache/node-sdk/<version> (like the client
specification); each client is one node process printing JSON lines of what the SDK sees.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

PACKAGE = "unleash-client"
VERSION = "6.12.1"
REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE = REPO_ROOT / ".cache" / "node-sdk" / VERSION
SCRIPT = REPO_ROOT / "tests" / "sdk" / "node" / "stream_client.js"


def install() -> Path:
    """The node_modules folder holding the SDK, installed with npm when missing."""
    modules = CACHE / "node_modules"
    if (modules / PACKAGE / "package.json").is_file():
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm is needed to install {PACKAGE}@{VERSION}")
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    subprocess.run(
        [npm, "install", "--silent", "--no-audit", "--no-fund", f"{PACKAGE}@{VERSION}"],
        cwd=CACHE,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return modules


class NodeSdk:
    """One SDK process; `latest` is the newest line it printed."""

    def __init__(self, url: str, token: str, mode: str, watch: list[dict]):
        env = {**os.environ, "NODE_PATH": str(install())}
        self.proc = subprocess.Popen(
            ["node", str(SCRIPT), f"{url}/api", token, mode, json.dumps(watch)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        self.lines: list[dict] = []
        self.arrived: list[float] = []  # perf_counter() when each line was read
        self.errors: list[str] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._lock:
                self.lines.append(json.loads(line))
                self.arrived.append(time.perf_counter())

    def _read_errors(self) -> None:
        for line in self.proc.stderr:
            with self._lock:
                self.errors.append(line.rstrip())

    @property
    def latest(self) -> dict:
        with self._lock:
            return self.lines[-1] if self.lines else {"known": [], "enabled": {}, "mode": None}

    def wait_for(self, predicate, timeout: float = 15.0) -> dict:
        """The first state satisfying `predicate`; AssertionError with what was seen if none."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.latest
            if predicate(state):
                return state
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"Node SDK never got there; last {self.latest}, stderr {self.errors}")

    def changed_at(self, value, key: str = "f") -> float:
        """When the newest run of lines with enabled[key] == value began (benchmarks)."""
        with self._lock:
            index = len(self.lines) - 1
            while index > 0 and self.lines[index - 1]["enabled"].get(key) == value:
                index -= 1
            return self.arrived[index]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
