"""Compare Unleash 8.2's OpenAPI operations with ours and print what is missing, with why.

Usage: .venv/bin/python bench/openapi_compare.py [http://127.0.0.1:4242]   (a live Unleash 8.2,
`../shared/unleash-ref/run_unleash.sh`), or `--unleash-file openapi.json`. Ours is generated
with `manage.py spectacular`. Operations are compared by method and path with parameter names
ignored (`/addons/{id}` equals `/addons/{integration_id}`). Exits 1 if an Unleash operation
is missing here without a reason in REASONS below.
"""

import json
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "*:*.unleash-insecure-admin-api-token"
METHODS = ("get", "post", "put", "patch", "delete")

# Serves Unleash's own web UI; no automation uses it.
UI_ONLY = "UI-only"
# (method or "*", path with {} for parameters) -> why it is not here.
REASONS = {
    ("*", "/api/admin/feedback"): UI_ONLY + " (in-app feedback prompts)",
    ("*", "/api/admin/feedback/{}"): UI_ONLY + " (in-app feedback prompts)",
    ("*", "/api/admin/personal-dashboard"): UI_ONLY + " (personal dashboard page)",
    ("*", "/api/admin/personal-dashboard/{}"): UI_ONLY + " (personal dashboard page)",
    ("*", "/api/admin/projects/{}/dora"): UI_ONLY + " (project insight charts)",
    ("*", "/api/admin/projects/{}/health-report"): UI_ONLY + " (project insight charts)",
    ("*", "/api/admin/projects/{}/insights"): UI_ONLY + " (project insight charts)",
    ("*", "/api/admin/projects/{}/overview"): UI_ONLY + " (project overview page)",
    ("*", "/api/admin/projects/{}/status"): UI_ONLY + " (project status page)",
    ("*", "/api/admin/record-ui-error"): UI_ONLY + " (front-end error reports)",
    ("*", "/api/admin/splash/{}"): UI_ONLY + " (splash screens seen)",
    ("*", "/api/admin/instance-admin/statistics"): UI_ONLY + " (instance statistics page)",
    ("*", "/api/admin/instance-admin/statistics/csv"): UI_ONLY + " (the same as CSV)",
    ("*", "/api/admin/telemetry/settings"): "telemetry: this server never calls home",
    ("*", "/api/admin/user-admin/scim-users"): "SCIM: an Enterprise feature of Unleash",
    ("*", "/edge/issue-token"): "Unleash Edge's token exchange (Edge is a separate product)",
    ("*", "/edge/validate"): "Unleash Edge's token exchange (Edge is a separate product)",
    ("*", "/auth/simple/login"): "sign-in is Django's (/admin/login/, session cookie)",
    ("*", "/auth/reset/password"): "password reset is Django's /reset-password/<uid>/<token>/",
    ("*", "/auth/reset/password-email"): "no email is sent (user-admin answers the reset link)",
    ("*", "/auth/reset/validate"): "password reset is Django's /reset-password/<uid>/<token>/",
    ("*", "/auth/reset/validate-password"): "password reset is Django's reset form",
    ("*", "/health"): "served (same answer), not listed in the document",
    ("*", "/ready"): "served (same answer), not listed in the document",
}


def operations(document: dict) -> set[tuple[str, str]]:
    found = set()
    for path, item in document["paths"].items():
        for method in item:
            if method in METHODS:
                found.add((method, re.sub(r"\{[^}]+\}", "{}", path)))
    return found


def unleash_document(argv: list[str]) -> dict:
    if argv[:1] == ["--unleash-file"]:
        return json.loads(Path(argv[1]).read_text())
    base = argv[0] if argv else "http://127.0.0.1:4242"
    request = urllib.request.Request(f"{base}/docs/openapi.json", headers={"Authorization": TOKEN})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def our_document() -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, "manage.py", "spectacular", "--format", "openapi-json",
             "--file", out.name],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        return json.loads(Path(out.name).read_text())


def reason(method: str, path: str) -> str | None:
    return REASONS.get((method, path)) or REASONS.get(("*", path))


def main(argv: list[str]) -> int:
    theirs, ours = operations(unleash_document(argv)), operations(our_document())
    shared = theirs & ours
    missing = sorted(theirs - ours, key=lambda op: (op[1], op[0]))
    print(f"Unleash 8.2 operations: {len(theirs)}")
    print(f"our operations:         {len(ours)} ({len(ours - theirs)} of them Unleash lacks)")
    print(f"shared:                 {len(shared)}")
    print(f"missing here:           {len(missing)}")
    unexplained = 0
    for method, path in missing:
        why = reason(method, path)
        unexplained += why is None
        print(f"  {method.upper():6} {path:48} {why or 'UNEXPLAINED'}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
