"""Recorded Unleash 8.2 answers (tests/fixtures/unleash_8_2/...) and the check against them."""

import json
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "fixtures" / "unleash_8_2"


def load(folder: str, name: str) -> dict:
    return json.loads((FIXTURES / folder / f"{name}.json").read_text())


def same_as(answers: dict, response, case: str, *, items: str | None = None, optional=()):
    """Unleash's status code and every key it answered with (ours may add some); the body.

    `items` names a list in the body whose every entry must hold the keys Unleash's entries
    held, except those in `optional` (keys Unleash leaves out when empty).
    """
    expected = answers[case]
    assert response.status_code == expected["status"], (case, response.content[:300])
    body = response.json() if response.content else None
    if expected["keys"] is None:
        return body
    first = body[0] if isinstance(body, list) else body
    assert set(expected["keys"]) <= set(first), (case, sorted(first))
    if items and expected["response"][items]:
        want = set().union(*(set(item) for item in expected["response"][items])) - set(optional)
        assert all(want <= set(item) for item in body[items]), (case, body[items])
    return body
