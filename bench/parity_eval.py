"""Side-by-side evaluation: the same flags written through our admin API and a live Unleash's.

Writes every strategy type, constraints of each operator family, a segment, strategy
variants and flag-environment variants (with stickiness) to both servers through their admin
APIs, then evaluates a grid of contexts with the official Python SDK (client API) and with
the frontend API (POST and GET) of both, and prints the number of differences.

    .venv/bin/python bench/parity_eval.py                 # starts our server on a free port
    .venv/bin/python bench/parity_eval.py --ours http://127.0.0.1:8000 --ours-admin ... \\
        --ours-client ... --ours-frontend ...
    .venv/bin/python bench/parity_eval.py --record-fixtures   # refresh tests/fixtures/unleash_8_2

Our server is started with ``manage.py serve`` against DATABASE_URL (default the database
``unleash_va_parity``, dropped and created anew) and REDIS_URL (default db 9), with
INIT_*_API_TOKENS scoped like Unleash's (``default:development``). On Unleash only objects
named ``vax-`` are written, and they are removed at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "unleash_8_2"
PREFIX = "vax-"
PROJECT, ENV = "default", "development"
UNLEASH = {
    "url": "http://127.0.0.1:4242",
    "admin": "*:*.unleash-insecure-admin-api-token",
    "client": "default:development.unleash-insecure-api-token",
    "frontend": "default:development.unleash-insecure-frontend-api-token",
}
OURS_TOKENS = {
    "admin": "*:*.va-parity-admin-token",
    "client": "default:development.va-parity-client-token",
    "frontend": "default:development.va-parity-frontend-token",
}


# ---------------------------------------------------------------- the flags written to both


def _variant(name, weight=0, weight_type="variable", stickiness="default", payload=None, **extra):
    variant = {"name": name, "weight": weight, "weightType": weight_type, "stickiness": stickiness}
    if payload is not None:
        variant["payload"] = payload
    variant.update(extra)
    return variant


def _c(name, operator, values=None, value=None, inverted=False, case_insensitive=False):
    constraint = {"contextName": name, "operator": operator, "inverted": inverted}
    constraint["caseInsensitive"] = case_insensitive
    if values is not None:
        constraint["values"] = values
    if value is not None:
        constraint["value"] = value
    return constraint


def _rollout(percent, stickiness="default", group="g", **extra):
    strategy = {
        "name": "flexibleRollout",
        "parameters": {"rollout": str(percent), "stickiness": stickiness, "groupId": group},
    }
    strategy.update(extra)
    return strategy


ORDER_VARIANTS = [_variant("zeta", 500), _variant("alpha", 500)]
MIXED_VARIANTS = [
    _variant("zeta", payload={"type": "string", "value": "z"}),
    _variant("Alpha", payload={"type": "json", "value": '{"a": 1}'}),
    _variant("_mid"),
    _variant("beta", 100, "fix", payload={"type": "number", "value": "7"}),
]
# sessionId: every context has one; a missing stickiness field means a random pick on both.
ENV_VARIANTS = [
    _variant("Zulu", stickiness="sessionId"),
    _variant("echo", 150, "fix", stickiness="sessionId"),
    _variant(
        "Bravo", stickiness="sessionId", overrides=[{"contextName": "plan", "values": ["vip"]}]
    ),
    _variant("alpha-2", stickiness="sessionId"),
]
TENANT_VARIANTS = [_variant("tB", stickiness="tenant"), _variant("tA", stickiness="tenant")]


def flag_specs() -> list[dict]:
    """Each flag: its strategies, optional env variants, segment names and a parent."""
    s = [
        ("default", [{"name": "default"}]),
        ("user-ids", [_strategy([_c("userId", "IN", ["u1", "u7", "u13", "u42"])])]),
        ("remote", [{"name": "remoteAddress", "parameters": {"IPs": "10.0.0.0/8, 127.0.0.1"}}]),
        ("rollout-37", [_rollout(37, group="vax-r37")]),
        ("rollout-session", [_rollout(50, "sessionId", "vax-rs")]),
        ("rollout-tenant", [_rollout(60, "tenant", "vax-rt")]),
        ("rollout-random-0", [_rollout(0, "random", "vax-r0")]),
        ("hostname", [{"name": "applicationHostname", "parameters": {"hostNames": HOST}}]),
        ("in-app", [_strategy([_c("appName", "IN", ["web"])])]),
        ("not-in", [_strategy([_c("plan", "NOT_IN", ["free"])])]),
        ("in-inverted", [_strategy([_c("userId", "IN", ["u1", "u2", "u3"], inverted=True)])]),
        ("str", [_strategy([_c("email", "STR_ENDS_WITH", ["@ACME.com"], case_insensitive=True)])]),
        ("str-starts", [_strategy([_c("email", "STR_STARTS_WITH", ["u1"])])]),
        ("str-contains", [_strategy([_c("email", "STR_CONTAINS", ["3@"], inverted=True)])]),
        ("num", [_strategy([_c("age", "NUM_GTE", value="18"), _c("age", "NUM_LT", value="65")])]),
        ("num-eq", [_strategy([_c("age", "NUM_EQ", value="30")])]),
        (
            "num-gt-lte",
            [_strategy([_c("age", "NUM_GT", value="20"), _c("age", "NUM_LTE", value="40")])],
        ),
        (
            "date-past",
            [_strategy([_c("currentTime", "DATE_AFTER", value="2020-01-01T00:00:00.000Z")])],
        ),
        (
            "date-future",
            [_strategy([_c("currentTime", "DATE_AFTER", value="2099-01-01T00:00:00.000Z")])],
        ),
        (
            "date-before",
            [_strategy([_c("currentTime", "DATE_BEFORE", value="2099-01-01T00:00:00.000Z")])],
        ),
        ("semver", [_strategy([_c("version", "SEMVER_GT", value="1.2.0")])]),
        ("semver-eq-lt", [_strategy([_c("version", "SEMVER_LT", value="2.0.0-beta.2")])]),
        ("semver-eq", [_strategy([_c("version", "SEMVER_EQ", value="1.10.0")])]),
        ("segment", [_strategy([], segments=["vax-seg-plan"])]),
        ("order", [_rollout(100, group="vax-order", variants=ORDER_VARIANTS)]),
        ("mixed-variants", [_rollout(100, group="vax-mixed", variants=MIXED_VARIANTS)]),
        ("tenant-variants", [_rollout(80, "tenant", "vax-tv", variants=TENANT_VARIANTS)]),
        ("env-variants", [{"name": "default"}]),
        ("two-strategies", [_rollout(10, group="vax-two"), _strategy([_c("plan", "IN", ["pro"])])]),
        (
            "disabled-strategy",
            [{"name": "default", "disabled": True}, _rollout(25, group="vax-ds")],
        ),
        ("child", [{"name": "default"}]),
    ]
    specs = [{"name": PREFIX + name, "strategies": strategies} for name, strategies in s]
    by_name = {spec["name"]: spec for spec in specs}
    by_name[PREFIX + "env-variants"]["env_variants"] = ENV_VARIANTS
    by_name[PREFIX + "child"]["parent"] = PREFIX + "rollout-37"
    return specs


def _strategy(constraints, **extra):
    return {"name": "default", "constraints": constraints, **extra}


HOST = f"other-host,{socket.gethostname()}"  # the SDKs of both servers run on this host
SEGMENTS = [{"name": "vax-seg-plan", "constraints": [_c("plan", "IN", ["pro", "enterprise"])]}]


# ---------------------------------------------------------------- admin API writes


class Admin:
    """Admin API calls against one server; every non-2xx answer is collected, not raised."""

    def __init__(self, url: str, token: str, label: str):
        self.url, self.label = url.rstrip("/"), label
        self.session = requests.Session()
        self.session.headers.update({"Authorization": token, "Content-Type": "application/json"})
        self.failures: list[str] = []

    def call(self, method: str, path: str, body=None, ok=(200, 201, 202, 204)):
        for attempt in range(3):  # a kept-alive connection the server closed is retried
            try:
                response = self.session.request(method, f"{self.url}/api/admin{path}", json=body)
                break
            except requests.ConnectionError:
                if attempt == 2:
                    raise
                time.sleep(0.5)
        if response.status_code not in ok:
            self.failures.append(f"{method} {path}: {response.status_code} {response.text[:200]}")
        return response

    def archive(self) -> None:
        """Archive our flags. Deleting them right away crashes Unleash 8.2 (its lifecycle
        listener inserts for the archived flag after it is gone), so that waits for cleanup."""
        flags = self.call("GET", f"/projects/{PROJECT}/features").json().get("features", [])
        for name in [f["name"] for f in flags if f["name"].startswith(PREFIX)]:
            self.call("DELETE", f"/projects/{PROJECT}/features/{name}", ok=range(600))

    def cleanup(self) -> None:
        """Archive, let Unleash's lifecycle listener settle, then delete flags and segments."""
        self.archive()
        time.sleep(10)
        query = f"/search/features?query={PREFIX}&archived=IS:true&limit=1000"
        names = [
            f["name"] for f in _json(self.call("GET", query, ok=range(600))).get("features", [])
        ]
        for name in [n for n in names if n.startswith(PREFIX)]:
            self.call("DELETE", f"/archive/{name}", ok=range(600))
        for segment in _json(self.call("GET", "/segments", ok=range(600))).get("segments", []):
            if segment["name"].startswith(PREFIX):
                self.call("DELETE", f"/segments/{segment['id']}", ok=range(600))

    def write(self, specs: list[dict]) -> None:
        segment_ids = {}
        for segment in SEGMENTS:
            body = {**segment, "project": PROJECT}
            segment_ids[segment["name"]] = self.call("POST", "/segments", body).json().get("id")
        for spec in specs:
            self._write_flag(spec, segment_ids)

    def _write_flag(self, spec: dict, segment_ids: dict) -> None:
        name, base = spec["name"], f"/projects/{PROJECT}/features/{spec['name']}"
        self.call("POST", f"/projects/{PROJECT}/features", {"name": name, "type": "release"})
        for strategy in spec["strategies"]:
            body = dict(strategy)
            body["segments"] = [segment_ids[s] for s in strategy.get("segments", [])]
            self.call("POST", f"{base}/environments/{ENV}/strategies", body)
        if "env_variants" in spec:
            self._env_variants(base, spec["env_variants"])
        if "parent" in spec:
            body = {"feature": spec["parent"], "enabled": True}
            self.call("POST", f"{base}/dependencies", body)
        self.call("POST", f"{base}/environments/{ENV}/on")

    def _env_variants(self, base: str, variants: list[dict]) -> None:
        # Unleash 8.2 refuses new per-environment variants except through variants-batch.
        body = {"variants": variants, "environments": [ENV]}
        response = self.call("PUT", f"{base}/variants-batch", body, ok=range(600))
        if response.status_code >= 300:
            self.call("PUT", f"{base}/environments/{ENV}/variants", variants)


def _json(response) -> dict:
    try:
        value = response.json()
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# ---------------------------------------------------------------- contexts and evaluation


def context_grid(count: int, seed: int = 10) -> list[dict]:
    """Deterministic contexts; every one has a sessionId so nothing depends on randomness."""
    rng = random.Random(seed)
    plans = [None, "free", "pro", "enterprise", "vip"]
    grid = []
    for i in range(count):
        properties = {
            "plan": rng.choice(plans),
            "tenant": rng.choice([None, "t1", "t2", "t3", "acme", f"t{i}"]),
            "email": rng.choice([None, f"u{i}@acme.com", f"U{i}@ACME.COM", f"u{i}@other.org"]),
            "age": rng.choice([None, "17", "18", "30", "30.0", "64", "65", "abc", str(i)]),
            "version": rng.choice([None, "1.2.0", "1.10.0", "2.0.0-beta.1", "2.0.0", "bad"]),
        }
        context = {
            "userId": rng.choice([None, f"u{i}", f"u{i % 50}", f"user-{i}"]),
            "sessionId": f"s{i}",
            "appName": rng.choice(["web", "mobile", "vax-parity"]),
            "remoteAddress": rng.choice(["127.0.0.1", "10.1.2.3", "192.168.0.4"]),
            "properties": {k: v for k, v in properties.items() if v is not None},
        }
        grid.append({k: v for k, v in context.items() if v is not None})
    return grid


def sdk_answers(url: str, token: str, names: list[str], grid: list[dict]) -> dict:
    """{(flag, context index): (enabled, variant name, variant enabled, payload)} via the SDK."""
    from UnleashClient import UnleashClient

    with tempfile.TemporaryDirectory() as cache:
        client = UnleashClient(
            url=f"{url}/api",
            app_name="vax-parity",
            environment=ENV,
            custom_headers={"Authorization": token},
            disable_metrics=True,
            disable_registration=True,
            cache_directory=cache,
        )
        client.initialize_client(fetch_toggles=True)
        try:
            return {
                (name, i): _sdk_one(client, name, context)
                for i, context in enumerate(grid)
                for name in names
            }
        finally:
            client.destroy()


def _sdk_one(client, name: str, context: dict):
    variant = client.get_variant(name, dict(context))
    return (
        client.is_enabled(name, dict(context)),
        variant.get("name"),
        variant.get("enabled"),
        json.dumps(variant.get("payload"), sort_keys=True),
    )


def _frontend_context(context: dict) -> dict:
    """The same context as a browser SDK sends it, plus a currentTime it must not control."""
    flat = {k: v for k, v in context.items() if k != "properties"}
    flat["currentTime"] = "2100-01-01T00:00:00.000Z"
    return {**flat, "properties": dict(context.get("properties", {}))}


def frontend_answers(url: str, token: str, grid: list[dict], method: str) -> dict:
    """{(flag, context index): (enabled, variant name, variant enabled, payload)} per toggle."""
    session = requests.Session()
    session.headers["Authorization"] = token
    answers = {}
    for i, context in enumerate(grid):
        body = _frontend_context(context)
        if method == "POST":
            response = session.post(f"{url}/api/frontend", json={"context": body})
        else:
            query = {k: v for k, v in body.items() if k != "properties"}
            query.update({f"properties[{k}]": v for k, v in body["properties"].items()})
            response = session.get(f"{url}/api/frontend?{urllib.parse.urlencode(query)}")
        for toggle in response.json().get("toggles", []):
            if toggle["name"].startswith(PREFIX):
                variant = toggle.get("variant") or {}
                answers[(toggle["name"], i)] = (
                    toggle.get("enabled"),
                    variant.get("name"),
                    variant.get("enabled"),
                    json.dumps(variant.get("payload"), sort_keys=True),
                )
    return answers


def differences(ours: dict, theirs: dict) -> list[tuple]:
    keys = sorted(set(ours) | set(theirs))
    return [(k, ours.get(k), theirs.get(k)) for k in keys if ours.get(k) != theirs.get(k)]


# ---------------------------------------------------------------- our server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fresh_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def start_ours(database_url: str, redis_url: str) -> tuple[subprocess.Popen, str]:
    """Migrate a fresh database and start ``manage.py serve``; returns (process, base URL)."""
    _fresh_database(database_url)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "INIT_ADMIN_API_TOKENS": OURS_TOKENS["admin"],
        "INIT_BACKEND_API_TOKENS": OURS_TOKENS["client"],
        "INIT_FRONTEND_API_TOKENS": OURS_TOKENS["frontend"],
        "DEBUG": "0",
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    command = [
        python,
        "manage.py",
        "serve",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-scheduler",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if requests.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("our server did not start")


# ---------------------------------------------------------------- fixtures for the tests


def record_fixtures(admin: Admin, grid: list[dict]) -> None:
    """Unleash's stored order and SDK answers for the variant flags, and the date-gated flag."""
    names = [PREFIX + n for n in ("order", "mixed-variants", "env-variants", "date-future")]
    answers = sdk_answers(UNLEASH["url"], UNLEASH["client"], names, grid[:100])
    for name, kind in (
        (PREFIX + "order", "strategy"),
        (PREFIX + "mixed-variants", "strategy"),
        (PREFIX + "env-variants", "environment"),
    ):
        spec = next(s for s in flag_specs() if s["name"] == name)
        base = f"/projects/{PROJECT}/features/{name}/environments/{ENV}"
        if kind == "environment":
            stored = admin.call("GET", f"{base}/variants").json()["variants"]
        else:
            stored = admin.call("GET", f"{base}/strategies").json()[0]["variants"]
        record = {
            "recorded_from": "Unleash 8.2 admin API + UnleashClient 6.9.1",
            "kind": kind,
            "flag": spec,
            "request": spec.get("env_variants") or spec["strategies"][0]["variants"],
            "stored": [{k: v[k] for k in ("name", "weight", "weightType")} for v in stored],
            "contexts": grid[:100],
            "sdk_variants": [answers[(name, i)][1] for i in range(100)],
        }
        _dump(FIXTURES / "variant_order" / f"{name[len(PREFIX) :]}.json", record)
    _record_frontend_date()
    _record_collation(admin)


# Unleash only takes URL-friendly variant names (encodeURIComponent(name) == name).
COLLATION_NAMES = [
    "zeta",
    "Zeta",
    "ZETA",
    "alpha",
    "Alpha",
    "_alpha",
    "-alpha",
    "alpha_1",
    "alpha-1",
    "alpha1",
    "alpha10",
    "alpha2",
    "Alpha2",
    "a.b",
    "a~b",
    "a!b",
    "a*b",
    "a'b",
    "a(b)",
    "1st",
    "10th",
    "2nd",
    "_",
    "-",
    "~tilde",
    "!bang",
    "*star",
    "'quote",
    "(paren)",
    "B",
    "b",
    "bb",
    "b_",
    "b-",
    "b.",
    "A-Z",
    "a_z",
    "a-z",
    "v1.2.3",
    "v1_2_3",
]


def _record_collation(admin: Admin) -> None:
    """The order Unleash stores tricky variant names in (localeCompare, ICU root collation)."""
    name = PREFIX + "collation"
    base = f"/projects/{PROJECT}/features/{name}"
    admin.call("POST", f"/projects/{PROJECT}/features", {"name": name, "type": "release"})
    request = [_variant(n) for n in COLLATION_NAMES]
    strategy = _rollout(100, group=name, variants=request)
    stored = admin.call("POST", f"{base}/environments/{ENV}/strategies", strategy).json()
    record = {
        "recorded_from": "Unleash 8.2 admin API (POST strategy, response variants)",
        "request": [v["name"] for v in request],
        "stored": [{k: v[k] for k in ("name", "weight", "weightType")} for v in stored["variants"]],
    }
    _dump(FIXTURES / "variant_order" / "collation.json", record)


def _record_frontend_date() -> None:
    """What Unleash answers when a client sends currentTime past a DATE_AFTER gate."""
    session = requests.Session()
    session.headers["Authorization"] = UNLEASH["frontend"]
    sent = {"userId": "u1", "currentTime": "2100-01-01T00:00:00.000Z"}
    post = session.post(f"{UNLEASH['url']}/api/frontend", json={"context": sent})
    get = session.get(f"{UNLEASH['url']}/api/frontend?{urllib.parse.urlencode(sent)}")
    gate = next(s for s in flag_specs() if s["name"] == PREFIX + "date-future")
    record = {"recorded_from": "Unleash 8.2 /api/frontend", "sent_context": sent, "flag": gate}
    for label, response in (("post", post), ("get", get)):
        names = sorted(t["name"] for t in response.json()["toggles"])
        record[label] = {
            "status": response.status_code,
            "keys": sorted(response.json()),
            "date_gated_flag_enabled": gate["name"] in names,
            "date_past_flag_enabled": PREFIX + "date-past" in names,
        }
    _dump(FIXTURES / "frontend_context" / "current_time_ignored.json", record)


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"recorded {path.relative_to(ROOT)}")


# ---------------------------------------------------------------- main


def _wait_for_frontend(url: str, token: str, last: str) -> None:
    """Unleash's frontend API serves from a cache refreshed every few seconds."""
    for _ in range(60):
        toggles = (
            requests.get(
                f"{url}/api/frontend?userId=u1&sessionId=s1", headers={"Authorization": token}
            )
            .json()
            .get("toggles", [])
        )
        if any(t["name"] == last for t in toggles):
            time.sleep(2)
            return
        time.sleep(1)


def compare(ours: dict, unleash: dict, names: list[str], grid: list[dict]) -> int:
    total = 0
    for label, ours_run, their_run in (
        (
            "client API, Python SDK",
            lambda: sdk_answers(ours["url"], ours["client"], names, grid),
            lambda: sdk_answers(unleash["url"], unleash["client"], names, grid),
        ),
        (
            "frontend API, POST",
            lambda: frontend_answers(ours["url"], ours["frontend"], grid, "POST"),
            lambda: frontend_answers(unleash["url"], unleash["frontend"], grid, "POST"),
        ),
        (
            "frontend API, GET",
            lambda: frontend_answers(ours["url"], ours["frontend"], grid, "GET"),
            lambda: frontend_answers(unleash["url"], unleash["frontend"], grid, "GET"),
        ),
    ):
        mine, theirs = ours_run(), their_run()
        diffs = differences(mine, theirs)
        total += len(diffs)
        answers = len(set(mine) | set(theirs))
        print(
            f"{label}: {len(diffs)} differences in {answers} answers "
            f"({len(names)} flags x {len(grid)} contexts)"
        )
        for key, a, b in diffs[:8]:
            print(f"   {key}: ours={a} unleash={b}")
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ours", help="URL of a running server of ours (else one is started)")
    parser.add_argument("--contexts", type=int, default=240)
    parser.add_argument("--record-fixtures", action="store_true")
    parser.add_argument("--keep", action="store_true", help="leave the vax- flags on Unleash")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "PARITY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unleash_va_parity"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("PARITY_REDIS_URL", "redis://127.0.0.1:6379/9")
    )
    args = parser.parse_args()

    specs, grid = flag_specs(), context_grid(args.contexts)
    names = [spec["name"] for spec in specs]
    process = None
    ours = {"url": args.ours, **OURS_TOKENS}
    if not args.ours:
        process, ours["url"] = start_ours(args.database_url, args.redis_url)
    unleash_admin = Admin(UNLEASH["url"], UNLEASH["admin"], "unleash")
    our_admin = Admin(ours["url"], ours["admin"], "ours")
    try:
        unleash_admin.cleanup()
        for admin in (unleash_admin, our_admin):
            admin.write(specs)
            for failure in admin.failures:
                print(f"{admin.label} refused: {failure}")
        _wait_for_frontend(UNLEASH["url"], UNLEASH["frontend"], PREFIX + "env-variants")
        if args.record_fixtures:
            record_fixtures(unleash_admin, grid)
        total = compare(ours, UNLEASH, names, grid)
        print(f"TOTAL differences: {total}")
        return 1 if total else 0
    finally:
        if not args.keep:
            unleash_admin.archive()
        if process is not None:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
