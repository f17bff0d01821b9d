"""Run the flag-lifecycle scenario (issue 10 item 7) against a live server over HTTP.

    python bench/unleash_lifecycle_parity.py --record     # Unleash 8.2 -> fixtures
    python bench/unleash_lifecycle_parity.py --compare --url http://127.0.0.1:8000 \
        --token '<an admin token of ours>'                 # ours vs the recorded fixtures

Recording writes tests/fixtures/unleash_8_2/lifecycle/<step>.json (status, response keys,
the values that matter). Flags are named lcx-<random>- so runs on a shared Unleash do not
collide; the step list lives in tests/support/lifecycle_scenario.py.
"""

import argparse
import json
import secrets
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import lifecycle_scenario as scenario  # noqa: E402

UNLEASH = "http://127.0.0.1:4242"
UNLEASH_TOKEN = "*:*.unleash-insecure-admin-api-token"


def run(url: str, token: str, prefix: str, pause: bool):
    """Yield (step, status, body) for each step of the scenario."""
    session = requests.Session()
    session.headers.update({"Authorization": token, "Content-Type": "application/json"})
    for step in scenario.SCENARIO:
        if pause and step.pause:
            time.sleep(step.pause)
        body = scenario.fill(step.body, prefix)
        response = session.request(
            step.method.upper(),
            url + scenario.fill(step.path, prefix),
            data=None if body is None else json.dumps(body),
            timeout=30,
        )
        try:
            answer = response.json() if response.content else None
        except ValueError:
            answer = response.text
        yield step, response.status_code, answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="record Unleash's answers")
    parser.add_argument("--compare", action="store_true", help="compare a server with them")
    parser.add_argument("--url", default=UNLEASH)
    parser.add_argument("--token", default=UNLEASH_TOKEN)
    args = parser.parse_args()
    prefix = f"lcx-{secrets.token_hex(3)}-"
    scenario.FIXTURES.mkdir(parents=True, exist_ok=True)
    problems = 0
    for step, status, body in run(args.url, args.token, prefix, pause=args.record):
        entry = scenario.record(step, status, body, prefix)
        if args.record:
            path = scenario.FIXTURES / f"{step.name}.json"
            path.write_text(json.dumps(entry, indent=1, sort_keys=True) + "\n")
            print(f"{status} {step.name}")
            continue
        problems += report(step, entry)
    return 1 if problems else 0


def report(step, entry: dict) -> int:
    issues = scenario.differences(step, entry)
    print(f"{'DIFF' if issues else 'same'} {step.name} {'; '.join(issues)}")
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main())
