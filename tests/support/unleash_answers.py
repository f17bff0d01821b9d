"""Recorded Unleash 8.2 answers (tests/fixtures/unleash_8_2/...) and the check against them."""

import json
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "fixtures" / "unleash_8_2"


def load(folder: str, name: str) -> dict:
    return json.loads((FIXTURES / folder / f"{name}.json").read_text())


def same_as(answers: dict, response, case: str):
    """Unleash's status code and every key it answered with (ours may add some); the body."""
    expected = answers[case]
    assert response.status_code == expected["status"], (case, response.content[:300])
    body = response.json() if response.content else None
    if expected["keys"] is None:
        return body
    first = body[0] if isinstance(body, list) else body
    assert set(expected["keys"]) <= set(first), (case, sorted(first))
    return body
