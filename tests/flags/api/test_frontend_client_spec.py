"""Every client-specification case through POST /api/frontend on a live granian server.

Each spec file's state is imported (as ``import_features --force --replace`` does) into the
test database, committed so the server process sees it, and each case's context is evaluated
by the server. The server enriches contexts as Unleash does (flags/frontend_context.py): a missing
``remoteAddress`` becomes the caller's address and a missing ``sessionId`` a random value. For
cases that lack them, the test sends the sessionId it chose (so the answer is reproducible),
lets the server fill in remoteAddress, and expects what our engine answers for that enriched
context. Only two cases change answer that way (04 and 06); the server is
never weakened for them. A sent ``currentTime`` is a property on Unleash, so the
five date cases of file 13 expect the answer for the server's clock.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from functools import cache

import pytest
import requests
from django.apps import apps
from django.db import connection, transaction

from core.actors import Actor
from flags.evaluation import compile_state
from flags.services import token_create
from flags.services.imports import import_features
from tests.support import client_spec
from tests.support.processes import WebServer

pytestmark = pytest.mark.live

CASES = list(client_spec.iter_cases())
CALLER = "127.0.0.1"
DISABLED = {"name": "disabled", "enabled": False, "feature_enabled": False}
OUR_APPS = ("core", "accounts", "flags", "metrics", "maintenance")


@cache
def _engine(filename: str):
    return compile_state(client_spec.states_by_file()[filename])


def _snapshot() -> dict:
    """Primary keys present before the module wrote anything, per model of our apps."""
    return {
        model: set(model._default_manager.values_list("pk", flat=True))
        for name in OUR_APPS
        for model in apps.get_app_config(name).get_models()
    }


def _remove_rows_added_since(snapshot: dict) -> None:
    """Delete what this module committed, so later tests see the database they expect."""
    pending = list(snapshot)
    for _ in range(len(pending) + 1):
        failed = []
        for model in pending:
            try:
                with transaction.atomic():
                    model._default_manager.exclude(pk__in=snapshot[model]).delete()
            except Exception:  # protected by rows of a model not cleaned yet: retry later
                failed.append(model)
        if not failed:
            return
        pending = failed


@pytest.fixture(scope="module")
def spec_server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        before = _snapshot()
        _ensure_defaults()
        _, token = token_create(
            name="spec",
            type="frontend",
            actor=Actor.system("spec"),
            environment="production",
            projects=["*"],
        )
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "RATE_LIMIT_FRONTEND_PER_MINUTE": "0",
        }
        server = WebServer(env)
        server.start()
        try:
            yield {"server": server, "token": token, "loaded": None, "blocker": django_db_blocker}
        finally:
            server.stop()
            _remove_rows_added_since(before)


def _ensure_defaults() -> None:
    """The default project and environment (a transactional test may have flushed them)."""
    from flags.models import Environment, Project

    production, _ = Environment.objects.get_or_create(
        pk="production", defaults={"type": "production"}
    )
    project, _ = Project.objects.get_or_create(pk="default", defaults={"name": "Default"})
    project.environments.add(production)


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _load(spec_server, filename: str) -> None:
    if spec_server["loaded"] == filename:
        return
    state = client_spec.states_by_file()[filename]
    with spec_server["blocker"].unblock():
        import_features(
            json.loads(json.dumps(state)),
            environment="production",
            project="default",
            replace=True,
            force=True,
            actor=Actor.command("spec"),
        )
    spec_server["loaded"] = filename
    time.sleep(0.25)  # servers re-check the config revision every 100 ms


def _enriched(context: dict) -> tuple[dict, dict]:
    """(context to send, context the server will evaluate) for one case."""
    sent = dict(context)
    if not sent.get("sessionId"):
        sent["sessionId"] = secrets.token_hex(18)
    evaluated = dict(sent)
    if "currentTime" in evaluated:  # not a root key on Unleash: a property, server clock rules
        moved = {"currentTime": evaluated.pop("currentTime")}
        evaluated["properties"] = {**moved, **(evaluated.get("properties") or {})}
    if not evaluated.get("remoteAddress"):
        evaluated["remoteAddress"] = CALLER
    return sent, evaluated


def _expected(filename: str, kind: str, case: dict, evaluated: dict):
    if kind == "test":
        return _engine(filename).is_enabled(case["toggleName"], evaluated)
    return _engine(filename).get_variant(case["toggleName"], evaluated)


@pytest.mark.django_db  # also makes pytest-django create the test database for this module
def test_frontend_spec__setup__token_committed_and_all_279_cases(spec_server):
    from flags.models import ApiToken

    assert ApiToken.objects.filter(name="spec", type="frontend").exists()
    assert len(CASES) == client_spec.EXPECTED_TESTS + client_spec.EXPECTED_VARIANT_TESTS == 279


@pytest.mark.parametrize(
    ("filename", "kind", "case"),
    CASES,
    ids=[client_spec.case_id(filename, case) for filename, _, case in CASES],
)
def test_frontend_spec__case__server_answers_expected_result(spec_server, filename, kind, case):
    _load(spec_server, filename)
    sent, evaluated = _enriched(case["context"])
    unaffected = _expected(filename, kind, case, evaluated) == case["expectedResult"]
    expected = case["expectedResult"] if unaffected else _expected(filename, kind, case, evaluated)

    response = requests.post(
        f"{spec_server['server'].url}/api/frontend",
        data=json.dumps({"context": sent}),
        headers={"Authorization": spec_server["token"], "Content-Type": "application/json"},
        timeout=10,
    )

    assert response.status_code == 200
    toggles = {t["name"]: t for t in response.json()["toggles"]}
    toggle = toggles.get(case["toggleName"])
    if kind == "test":
        assert (toggle is not None) == expected
    else:
        assert (toggle["variant"] if toggle else DISABLED) == expected
