"""How soon the official SDKs in streaming mode see a toggle made through the admin API.

    .venv/bin/python bench/sdk_latency.py [--toggles 10]

Starts a `serve` node (2 workers) on the bench database, connects the Python SDK
(UnleashClient, experimental_mode streaming) and the Node SDK (unleash-client from npm, as the
tests install it), toggles `bench-latency` (a default strategy) TOGGLES times and prints, per
SDK, the median and worst time from sending the toggle request to the SDK answering the new
value (Python: polled every millisecond; Node: the line its driver prints on the change, read
through a pipe). Polling SDKs see the same toggle up to their interval (15 s by default) later.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchlib import ADMIN, BACKEND, ServeNode, load_average, prepare_database  # noqa: E402

FLAG = "bench-latency"
CONTEXT: dict = {}


def toggle(url: str, on: bool) -> float:
    state = "on" if on else "off"
    path = f"/api/admin/projects/default/features/{FLAG}/environments/development/{state}"
    request = urllib.request.Request(url + path, method="POST", headers={"Authorization": ADMIN})
    started = time.perf_counter()
    urllib.request.urlopen(request, timeout=10).read()
    return started


def create_flag(url: str) -> None:
    """The flag with a default strategy (409 when an earlier run made it)."""
    base = "/api/admin/projects/default/features"
    strategy = f"{base}/{FLAG}/environments/development/strategies"
    for path, body in ((base, {"name": FLAG}), (strategy, {"name": "default"})):
        request = urllib.request.Request(
            url + path, data=json.dumps(body).encode(), method="POST",
            headers={"Authorization": ADMIN, "Content-Type": "application/json"},
        )  # fmt: skip
        try:
            urllib.request.urlopen(request, timeout=10).read()
        except urllib.error.HTTPError as exc:
            if exc.code != 409 or path != base:
                raise
            return


def wait(check, timeout: float = 10.0) -> float | None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if check():
            return time.perf_counter()
        time.sleep(0.001)
    return None


def main() -> None:
    from UnleashClient import UnleashClient

    from tests.support.node_sdk import NodeSdk

    parser = argparse.ArgumentParser()
    parser.add_argument("--toggles", type=int, default=10)
    args = parser.parse_args()
    prepare_database()
    node = ServeNode(workers=2)
    node.start()
    create_flag(node.url)
    python = UnleashClient(
        url=f"{node.url}/api", app_name="bench-latency", disable_metrics=True,
        disable_registration=True, custom_headers={"Authorization": BACKEND},
        cache_directory=tempfile.mkdtemp(prefix="bench-sdk-"),
        experimental_mode={"type": "streaming"},
    )  # fmt: skip
    nodejs = NodeSdk(
        node.url, BACKEND, "streaming", [{"key": "f", "name": FLAG, "context": CONTEXT}]
    )
    try:
        python.initialize_client()
        toggle(node.url, True)
        wait(lambda: python.is_enabled(FLAG, CONTEXT))
        nodejs.wait_for(lambda s: s["enabled"].get("f") is True, timeout=30)
        times: dict[str, list[float]] = {"python": [], "node": []}
        for round_ in range(args.toggles):
            on = round_ % 2 == 1
            started = toggle(node.url, on)
            seen = wait(lambda on=on: python.is_enabled(FLAG, CONTEXT) == on)
            times["python"].append((seen - started) * 1000 if seen else float("inf"))
            nodejs.wait_for(lambda s, on=on: s["enabled"]["f"] is on)
            times["node"].append((nodejs.changed_at(on) - started) * 1000)
            time.sleep(0.3)
        print(f"{args.toggles} toggles through the admin API; load {load_average()}")
        for sdk, values in times.items():
            print(f"{sdk:7s} SDK (streaming): median {statistics.median(values):.0f} ms, "
                  f"worst {max(values):.0f} ms")  # fmt: skip
    finally:
        python.destroy()
        nodejs.close()
        node.stop()


if __name__ == "__main__":
    main()
