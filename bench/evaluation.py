"""Benchmark: evaluate all 100 flags of the shared bench body for one context, print rates."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flags.evaluation import compile_state  # noqa: E402

DEFAULT_BODY = Path(__file__).resolve().parents[2] / "shared" / "bench" / "features-100.json"
CONTEXT = {"userId": "user-7-3", "sessionId": "s1"}


def measure(function, seconds: float) -> tuple[int, float]:
    """Call ``function`` repeatedly for about ``seconds``; return (calls, elapsed)."""
    calls, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(100):
            function()
        calls += 100
    return calls, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--body", type=Path, default=DEFAULT_BODY)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    body = json.loads(args.body.read_text(encoding="utf-8"))

    calls, elapsed = measure(lambda: compile_state(body), min(args.seconds, 1.0))
    print(f"compile_state: {calls / elapsed:,.0f} bodies/s ({elapsed / calls * 1e3:.2f} ms each)")

    state = compile_state(body)
    flags = len(state.feature_names)
    enabled = sum(e.enabled for e in state.evaluate_all(CONTEXT))
    calls, elapsed = measure(lambda: state.evaluate_all(CONTEXT), args.seconds)
    print(
        f"evaluate_all ({flags} flags, {enabled} enabled for {CONTEXT}): "
        f"{calls / elapsed:,.0f} requests/s, {calls * flags / elapsed:,.0f} evaluations/s"
    )


if __name__ == "__main__":
    main()
