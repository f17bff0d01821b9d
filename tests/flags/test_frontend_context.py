"""The frontend API context keeps Unleash's five root keys; currentTime is only a property.

Unleash's createContext keeps appName, environment, userId, sessionId and remoteAddress at the
root and moves every other key into ``properties``, so DATE_* constraints use the server's
clock. The recorded Unleash 8.2 answer (a client-sent currentTime in 2100 against a flag
gated DATE_AFTER 2099) is in tests/fixtures/unleash_8_2/frontend_context/.
"""

import json
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.actors import Actor
from flags.frontend_context import TOP_LEVEL, build_context, from_body, from_query
from flags.services import token_create
from flags.services.imports import import_features

FIXTURE = json.loads(
    (
        Path(__file__).parents[1]
        / "fixtures/unleash_8_2/frontend_context/current_time_ignored.json"
    ).read_text(encoding="utf-8")
)
UNLEASH_ROOT_KEYS = {"appName", "environment", "userId", "sessionId", "remoteAddress"}


def _state() -> dict:
    """The recorded date-gated flag plus a date-past one, as an import file."""
    gate = FIXTURE["flag"]
    past = {**gate["strategies"][0]}
    past["constraints"] = [{**past["constraints"][0], "value": "2020-01-01T00:00:00.000Z"}]
    return {
        "version": 2,
        "features": [
            {"name": gate["name"], "enabled": True, "strategies": gate["strategies"]},
            {"name": "vax-date-past", "enabled": True, "strategies": [past]},
        ],
    }


@pytest.fixture
def frontend_token(db, development):
    import_features(_state(), environment="development", project="default", actor=Actor.system())
    _, secret = token_create(
        name="web", type="frontend", actor=Actor.system(), environment=development, projects=["*"]
    )
    return secret


def _answer(response) -> dict:
    names = {t["name"] for t in response.json()["toggles"]}
    return {
        "status": response.status_code,
        "keys": sorted(response.json()),
        "date_gated_flag_enabled": FIXTURE["flag"]["name"] in names,
        "date_past_flag_enabled": "vax-date-past" in names,
    }


def test_frontend_post__client_current_time_past_date_gate__flag_stays_off_as_on_unleash(
    client, frontend_token
):
    response = client.post(
        "/api/frontend",
        data=json.dumps({"context": FIXTURE["sent_context"]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=frontend_token,
    )

    assert _answer(response) == FIXTURE["post"]
    assert FIXTURE["post"]["date_gated_flag_enabled"] is False


def test_frontend_get__client_current_time_past_date_gate__flag_stays_off_as_on_unleash(
    client, frontend_token
):
    query = urllib.parse.urlencode(FIXTURE["sent_context"])
    response = client.get(f"/api/frontend?{query}", HTTP_AUTHORIZATION=frontend_token)

    assert _answer(response) == FIXTURE["get"]
    assert FIXTURE["get"]["date_gated_flag_enabled"] is False


def test_top_level__compared_with_unleash_create_context__same_five_root_keys():
    assert set(TOP_LEVEL) == UNLEASH_ROOT_KEYS


@pytest.mark.parametrize(
    "parts",
    [
        from_body({"context": {"currentTime": "2100-01-01T00:00:00Z", "userId": "u"}}),
        from_query({"currentTime": "2100-01-01T00:00:00Z", "userId": "u"}),
    ],
    ids=["post", "get"],
)
def test_build_context__current_time_sent__moved_into_properties(parts):
    context = build_context(parts["raw"], parts["properties"], "10.0.0.1")

    assert "currentTime" not in context
    assert context["properties"] == {"currentTime": "2100-01-01T00:00:00Z"}
    assert context["userId"] == "u"


KEY = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(
    lambda k: k != "properties"
)


@given(st.dictionaries(KEY, st.text(min_size=1, max_size=8), max_size=8))
def test_build_context__any_keys__only_unleash_root_keys_stay_top_level(raw):
    context = build_context(raw, {}, "10.0.0.1")

    roots = set(context) - {"properties"}
    assert roots <= UNLEASH_ROOT_KEYS
    assert {k for k in raw if k not in UNLEASH_ROOT_KEYS} == set(context["properties"])


@given(st.dictionaries(KEY, st.text(min_size=1, max_size=8), max_size=6))
def test_build_context__explicit_properties__win_over_moved_keys(raw):
    explicit = {k: v + "!" for k, v in raw.items()}

    context = build_context(raw, explicit, "10.0.0.1")

    assert all(context["properties"][k] == v for k, v in explicit.items())
