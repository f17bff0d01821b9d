"""10,000 flags in one environment: full state build, full-fetch throughput, delta size, memory.

    .venv/bin/python bench/many_flags.py [--flags 10000]

Generates FLAGS flags shaped like features-100.json (a flexibleRollout with a five-value
constraint each) into its own database (BENCH_MANY_DATABASE_URL, default unleash_bench_many),
then prints: the time to build the whole environment's delta state and the features body in
this process (median of 3), the body size, /api/client/features throughput under wrk against a
`serve` node (2 workers), the size of the delta one toggle produces (/api/client/delta with
the ETag from before the toggle, and the SSE event a stream receives), and each web process's
memory once the state is built. Quote the load average printed next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import (  # noqa: E402
    ADMIN,
    BACKEND,
    ENV,
    PY,
    REPO,
    ServeNode,
    load_average,
    prepare_database,
    rss_mib,
    tree_pids,
    tree_rss_mib,
)


def flags_file(count: int) -> str:
    def flag(i: int) -> dict:
        users = [f"user-{i}-{v}" for v in range(5)]
        constraint = {"contextName": "userId", "operator": "IN", "values": users}
        parameters = {"rollout": "50", "stickiness": "default", "groupId": f"many-{i:05d}"}
        strategy = {
            "name": "flexibleRollout",
            "parameters": parameters,
            "constraints": [constraint],
        }
        return {
            "name": f"many-{i:05d}",
            "type": "release",
            "enabled": True,
            "strategies": [strategy],
        }

    body = {"version": 2, "features": [flag(i) for i in range(count)]}
    handle, path = tempfile.mkstemp(prefix="many-flags-", suffix=".json")
    with os.fdopen(handle, "w") as out:
        json.dump(body, out)
    return path


def build_times(env: dict) -> str:
    code = (
        "import django, statistics, time; django.setup()\n"
        "from flags.streaming.engine import hydrate\n"
        "from flags.payload.builder import build_body\n"
        "from flags.payload.query import PayloadQuery\n"
        "h, b = [], []\n"
        "for _ in range(3):\n"
        "    t = time.perf_counter(); hydrate('development'); h.append(time.perf_counter() - t)\n"
        "    t = time.perf_counter(); build_body(PayloadQuery('development', None))\n"
        "    b.append(time.perf_counter() - t)\n"
        "print(f'{statistics.median(h) * 1000:.0f} {statistics.median(b) * 1000:.0f}')\n"
    )
    done = subprocess.run(
        [PY, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "unleash_site.settings"},
    )  # fmt: skip
    return done.stdout.split()


def get(url: str, headers: dict) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def toggle(url: str, name: str, on: bool) -> None:
    state = "on" if on else "off"
    path = f"/api/admin/projects/default/features/{name}/environments/development/{state}"
    request = urllib.request.Request(url + path, method="POST", headers={"Authorization": ADMIN})
    urllib.request.urlopen(request, timeout=30).read()


def wrk(url: str, duration: str) -> str:
    out = subprocess.run(
        ["wrk", "-t2", "-c20", f"-d{duration}", "-H", f"Authorization: {BACKEND}",
         "-H", "Unleash-Client-Spec: 6.1.0", "-H", "Accept-Encoding: gzip", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)


def _children_of(pid: int, pids: list[int]) -> bool:
    """True when `pid` has a child among `pids` (granian's main process, not a worker)."""
    return len(tree_pids(pid)) > 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flags", type=int, default=10000)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--reuse", action="store_true", help="the flags are loaded already")
    args = parser.parse_args()
    db = os.environ.get("BENCH_MANY_DATABASE_URL", ENV["DATABASE_URL"] + "_many")
    env = {**ENV, "DATABASE_URL": db}
    if not args.reuse:
        path = flags_file(args.flags)
        try:
            started = time.perf_counter()
            prepare_database(path, env)
            took = time.perf_counter() - started
            print(f"{args.flags} flags loaded in {took:.0f} s; load {load_average()}")
        finally:
            os.unlink(path)
    hydrate_ms, body_ms = build_times(env)
    print(f"full state in one process (median of 3): delta state {hydrate_ms} ms, "
          f"features body {body_ms} ms")  # fmt: skip
    node = ServeNode(workers=2, env={"DATABASE_URL": db})
    node.start()
    try:
        headers = {"Authorization": BACKEND, "Unleash-Client-Spec": "6.1.0"}
        _, _, body = get(node.url + "/api/client/features", headers)
        _, _, zipped = get(
            node.url + "/api/client/features", {**headers, "Accept-Encoding": "gzip"}
        )
        print(f"/api/client/features body {len(body):,} bytes ({len(zipped):,} gzip)")
        for _ in range(4):  # each worker builds and caches it
            get(node.url + "/api/client/features", headers)
        rps = wrk(node.url + "/api/client/features", args.duration)
        print(f"full fetch (gzip), wrk -t2 -c20 -d{args.duration}: {rps} requests/s")
        print(f"  load {load_average()}")
        _, delta_headers, hydration = get(node.url + "/api/client/delta", headers)
        features = json.loads(hydration)["events"][0]["features"]
        was_on = next(f["enabled"] for f in features if f["name"] == "many-00042")
        toggle(node.url, "many-00042", on=not was_on)
        time.sleep(0.3)
        status, _, delta = get(
            node.url + "/api/client/delta", {**headers, "If-None-Match": delta_headers["ETag"]}
        )
        print(f"delta hydration {len(hydration):,} bytes; one toggle's delta {len(delta):,} bytes "
              f"(status {status}): {delta[:120]!r}...")  # fmt: skip
        pids = tree_pids(node.pid)
        workers = [p for p in pids if p != node.pid and not _children_of(p, pids)]
        shown = ", ".join(f"{rss_mib(p):.0f}" for p in workers)
        print(f"memory of each web worker after fetches and deltas (MiB RSS): {shown}; "
              f"whole node (serve, granian, workers) {tree_rss_mib(node.pid):.0f} MiB")  # fmt: skip
    finally:
        node.stop()
    print(f"load after {load_average()}")


if __name__ == "__main__":
    main()
