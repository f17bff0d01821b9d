"""SDK read endpoints never answer 5xx, whatever body, context or query string they are sent.

POST/GET /api/frontend (public tokens: every browser holds one) and GET /api/client/features,
through the full Django stack against PostgreSQL and Redis, with hostile JSON and raw bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
import requests
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core import ratelimit
from core.actors import Actor
from flags.services import token_create
from flags.services.imports import import_features
from tests.support.every_rule import every_rule_body
from tests.support.fuzz import (
    FUZZ,
    TRICKY_TEXT,
    context,
    examples,
    hostile_text,
    json_bytes,
    json_value,
)
from tests.support.processes import WebServer
from tests.support.workers import process_env

pytestmark = pytest.mark.django_db

# each example is a full request through Django: fewer than the engine's, to stay near a minute
HTTP_FUZZ = settings(FUZZ, max_examples=examples(150))
FRONTEND_ANSWERS = {200, 304, 400, 413}
QUERY_KEYS = [
    "userId", "sessionId", "remoteAddress", "currentTime", "appName", "environment",
    "properties", "properties[plan]", "properties[", "plan", "project", "namePrefix", "tag",
    "inlineSegmentConstraints",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _flags(production):
    ratelimit.reset_local()
    # force: store the body as is, deliberately invalid operands included
    body = every_rule_body(context_names=("userId", "plan"), stickinesses=("default", "plan"))
    import_features(body, environment="production", actor=Actor.system(), force=True)


def _token(kind: str, production) -> str:
    actor = Actor.system()
    _, secret = token_create(
        name=kind, type=kind, actor=actor, environment=production, projects=["*"]
    )
    return secret


@pytest.fixture
def frontend_token(production):
    return _token("frontend", production)


@pytest.fixture
def client_token(production):
    return _token("backend", production)


def _post_frontend(client, token, raw: bytes):
    return client.post(
        "/api/frontend", data=raw, content_type="application/json", HTTP_AUTHORIZATION=token
    )


def _assert_frontend_answer(response) -> None:
    assert response.status_code in FRONTEND_ANSWERS, response.content[:500]
    if response.status_code == 200:
        toggles = json.loads(response.content)["toggles"]
        assert all(t["enabled"] is True and isinstance(t["name"], str) for t in toggles)
    else:
        assert response.status_code == 304 or "message" in json.loads(response.content)


@HTTP_FUZZ
@given(ctx=context())
def test_frontend_post__any_json_context__200_or_400(client, frontend_token, ctx):
    _assert_frontend_answer(_post_frontend(client, frontend_token, json_bytes({"context": ctx})))


def _deep(depth: int) -> bytes:
    return b'{"context":' * depth + b"{}" + b"}" * depth


def _raw_user_id(text: str) -> bytes:
    """Unescaped text in the body: a lone surrogate becomes the invalid UTF-8 bytes it is."""
    return b'{"context":{"userId":"%s"}}' % text.encode("utf-8", "surrogatepass")


raw_body = st.one_of(
    json_value.map(json_bytes),
    st.binary(max_size=200),
    st.integers(1, 6000).map(_deep),
    st.integers(1, 6000).map(lambda n: b"[" * n + b"]" * n),
    st.integers(300, 5000).map(lambda n: b'{"context":{"userId":' + b"9" * n + b"}}"),
    st.sampled_from(TRICKY_TEXT).map(_raw_user_id),
    st.sampled_from([b'{"context":{"userId":NaN}}', b'{"userId":-Infinity}', b"\xff\xfe{}"]),
)


@HTTP_FUZZ
@given(raw=raw_body)
def test_frontend_post__any_raw_body__never_5xx(client, frontend_token, raw):
    _assert_frontend_answer(_post_frontend(client, frontend_token, raw))


def _encoded(text: str, raw: bool) -> str:
    """One query component as WSGI sees it: percent-escaped or raw bytes, as latin-1 text."""
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate as the invalid bytes it is
    return data.decode("latin-1") if raw else quote_from_bytes(data, safe="[]")


@st.composite
def query_string(draw) -> str:
    """A QUERY_STRING of hostile pairs, some percent-encoded, some raw bytes, some bare keys."""
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(QUERY_KEYS) | hostile_text, hostile_text, st.booleans()),
            max_size=6,
        )
    )
    parts = [f"{_encoded(key, raw)}={_encoded(value, raw)}" for key, value, raw in pairs]
    if draw(st.booleans()):
        parts.append(draw(st.binary(max_size=40)).decode("latin-1"))
    return "&".join(parts)


@HTTP_FUZZ
@given(query=query_string())
def test_frontend_get__any_query_string__never_5xx(client, frontend_token, query):
    response = client.get("/api/frontend", QUERY_STRING=query, HTTP_AUTHORIZATION=frontend_token)

    _assert_frontend_answer(response)


@HTTP_FUZZ
@given(query=query_string())
# issue 9 item 8: a NUL in these filters answered 503 and logged a false storage outage
@example(query="project=%00")
@example(query="namePrefix=a%00")
@example(query="tag=simple:%00")
def test_client_features__any_query_string__200_or_400(client, client_token, query):
    response = client.get(
        "/api/client/features", QUERY_STRING=query, HTTP_AUTHORIZATION=client_token
    )

    assert response.status_code in {200, 304, 400}, response.content[:500]
    body = json.loads(response.content)
    assert "features" in body if response.status_code == 200 else "message" in body


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (b'{"context": {"userId": NaN}}', "context.userId"),
        (b'{"context": {"properties": {"plan": 1e999}}}', "context.properties.plan"),
        (b'{"context": {"score": -Infinity}}', "context.score"),
    ],
)
def test_frontend_post__non_finite_number__400_naming_the_field(client, frontend_token, raw, path):
    response = _post_frontend(client, frontend_token, raw)

    assert response.status_code == 400
    assert json.loads(response.content)["details"][0]["path"] == path


def _deterministic_names(response) -> set[str]:
    # random stickiness and gradualRolloutRandom differ per request by design
    toggles = json.loads(response.content)["toggles"]
    return {t["name"] for t in toggles if "andom" not in t["name"]}


def test_frontend__after_hostile_requests__still_answers_like_before(client, frontend_token):
    plain = json_bytes({"context": {"userId": "1", "sessionId": "s", "plan": "gold"}})
    before = _deterministic_names(_post_frontend(client, frontend_token, plain))
    for raw in (json_bytes({"context": {"userId": "\ud800"}}), _deep(5000), b"\x00" * 50):
        _assert_frontend_answer(_post_frontend(client, frontend_token, raw))

    after = _deterministic_names(_post_frontend(client, frontend_token, plain))

    assert before and after == before


def _children(pid: int) -> set[int]:
    return {
        int(child)
        for task in Path(f"/proc/{pid}/task").glob("*")
        for child in (task / "children").read_text().split()
    }


@pytest.mark.django_db(transaction=True)
def test_frontend_post__issue_request_through_granian__200_and_worker_survives(production):
    """The reported attack: two lone-surrogate contexts 4 s apart took granian down."""
    ratelimit.reset_local()
    secret = _token("frontend", production)
    attack = json_bytes({"context": {"userId": "\ud800"}})
    headers = {"Authorization": secret, "Content-Type": "application/json"}
    server = WebServer(process_env())
    server.start()
    try:
        workers = _children(server.proc.pid)
        answers = [
            requests.post(f"{server.url}/api/frontend", data=attack, headers=headers, timeout=10)
            for _ in range(3)
        ]

        assert [a.status_code for a in answers] == [200, 200, 200], server.output()[-2000:]
        assert requests.get(f"{server.url}/health", timeout=5).status_code == 200
        assert workers and _children(server.proc.pid) == workers  # none crashed and respawned
    finally:
        server.stop()
