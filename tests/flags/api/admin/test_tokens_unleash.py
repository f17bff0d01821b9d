"""Token routes give Unleash 8.2's status codes, keys and values (recorded by record_tk.py).

Each recorded call is replayed here in order, with our own secrets in the placeholders; the
answer must have Unleash's status, every key Unleash sends (extra keys of ours may stay), and
the same type/environment/projects/alias/secure and full-or-not secret for each token.
"""

import json
import re
import urllib.parse
from pathlib import Path

from tests.support.admin_api import make_token

FIXTURE = Path(__file__).parents[3] / "fixtures/unleash_8_2/tokens/unleash_answers.json"
CASES = json.loads(FIXTURE.read_text())
ORDER = [  # the recorder's order: later cases use tokens that earlier ones created
    *("create_client_upper", "create_backend_mixed", "create_frontend", "create_no_environment"),
    *("create_unknown_type", "create_unknown_environment", "create_unknown_project"),
    *("create_no_name", "list", "get_by_name", "get_by_unknown_name", "update_expiry"),
    *("get_after_update", "update_bad_date", "update_no_date", "update_unknown", "delete"),
    *("delete_again", "delete_unknown", "project_create", "project_create_star_ignored"),
    *("project_create_no_environment", "project_create_admin"),
    *("project_create_unknown_environment", "project_create_unknown_project", "project_list"),
    *("project_list_unknown_project", "project_delete_star_token", "project_delete"),
    *("project_delete_again", "project_delete_unknown"),
]
PLACEHOLDERS = {
    "create_client_upper": "star_secret",
    "create_frontend": "secret",
    "project_create": "project_secret",
}
RUN = "tkx-here"
FULL_SECRET = re.compile(r"[^:]+:[^.]+\.[0-9a-f]{56}")
FIELDS = ("type", "environment", "projects", "project", "alias", "secure", "tokenName")
# Where we answer differently on purpose (kept visible here, and in the README).
DIFFERENCES = {
    # Unleash gives an admin API token *every* token under any project's route; we list the
    # project's own tokens to every caller (Unleash's rule for users).
    "project_list": lambda token: token["projects"] == ["default"],
}


def summary(token: dict) -> dict:
    out = {k: token.get(k) for k in FIELDS if k in token}
    out["keys"] = sorted(token)
    out["secret_in_full"] = bool(FULL_SECRET.fullmatch(token.get("secret") or ""))
    return json.loads(json.dumps(out).replace(RUN, "{run}"))


def replay(api, name: str, secrets: dict):
    case = CASES[name]
    path = case["path"].replace("{run}", RUN)
    for key, value in secrets.items():
        path = path.replace("{" + key + "}", urllib.parse.quote(value, safe=":*"))
    body = case["body"] and json.loads(json.dumps(case["body"]).replace("{run}", RUN))
    response = api.call(case["method"].lower(), "/api/admin" + path, body)
    parsed = response.json() if response.content.strip() else None
    if name in PLACEHOLDERS and response.status_code == 201:
        secrets[PLACEHOLDERS[name]] = parsed["secret"]
    return response.status_code, parsed


def assert_like_unleash(name: str, status: int, parsed):
    case = CASES[name]
    assert status == case["status"], (name, parsed)
    if case["keys"] is not None and status < 300:
        assert set(case["keys"]) <= set(parsed), (name, sorted(parsed))
    if "token" in case:
        ours = summary(parsed)
        assert set(case["token"]["keys"]) <= set(ours.pop("keys")), name
        assert ours == {k: v for k, v in case["token"].items() if k != "keys"}, name
    if "tokens" in case:
        keep = DIFFERENCES.get(name, lambda token: True)
        theirs = [t for t in case["tokens"] if keep(t)]
        mine = [summary(t) for t in parsed["tokens"] if RUN in t["tokenName"]]
        assert set(case["token_keys"]) <= {k for t in parsed["tokens"] for k in t}, name
        for token in theirs:
            assert set(token["keys"]) <= set(next(m for m in mine if _same(m, token))["keys"])
        strip = lambda tokens: sorted(  # noqa: E731
            json.dumps({k: v for k, v in t.items() if k != "keys"}, sort_keys=True) for t in tokens
        )
        assert strip(mine) == strip(theirs), name


def _same(mine: dict, theirs: dict) -> bool:
    return (mine["tokenName"], mine["type"]) == (theirs["tokenName"], theirs["type"])


def test_fixture__covers_every_recorded_case():
    assert sorted(ORDER) == sorted(CASES)


def test_token_routes__replayed__same_answers_as_unleash_8_2(api, default_project):
    make_token("admin")  # a token Unleash lists too; it must not upset the comparison
    secrets: dict = {}
    for name in ORDER:
        status, parsed = replay(api, name, secrets)
        assert_like_unleash(name, status, parsed)
