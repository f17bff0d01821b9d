"""Variants are stored ordered by name (Unleash's localeCompare), on every write path.

SDKs hand out variants by position, so order decides who gets what. The expected orders and
the Python SDK's answers on Unleash 8.2 are recorded in tests/fixtures/unleash_8_2/variant_order/
(by bench/parity_eval.py --record-fixtures).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from hypothesis import given
from hypothesis import strategies as st
from UnleashClient import UnleashClient

from core.actors import Actor
from core.models import Event
from flags import services
from flags.admin.forms import VariantsField
from flags.models import Feature, FeatureEnvironment, Strategy
from flags.variants import normalize_variants, sort_variants

FIXTURES = Path(__file__).parents[1] / "fixtures" / "unleash_8_2" / "variant_order"
RECORDED = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in FIXTURES.glob("*.json")}
EVALUATED = sorted(name for name, r in RECORDED.items() if "sdk_variants" in r)
ZETA_ALPHA = [
    {"name": "zeta", "weight": 500, "weightType": "variable", "stickiness": "default"},
    {"name": "alpha", "weight": 500, "weightType": "variable", "stickiness": "default"},
]


def _shape(variants: list[dict]) -> list[dict]:
    return [{k: v[k] for k in ("name", "weight", "weightType")} for v in variants]


def _names(variants: list[dict]) -> list[str]:
    return [v["name"] for v in variants]


# ---------------------------------------------------------------- the normaliser


@pytest.mark.parametrize("name", EVALUATED)
def test_normalize_variants__recorded_request__stored_as_unleash_stored_it(name):
    variants, errors = normalize_variants(RECORDED[name]["request"])

    assert errors == []
    assert _shape(variants) == RECORDED[name]["stored"]


@pytest.mark.skipif("collation" not in RECORDED, reason="collation fixture not recorded")
def test_sort_variants__tricky_names__unleash_locale_compare_order():
    request = [{"name": n} for n in RECORDED["collation"]["request"]]

    assert _names(sort_variants(request)) == _names(RECORDED["collation"]["stored"])


# Letters, digits, punctuation and symbols: what a variant name may hold (no controls, no blanks).
NAME = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S")), min_size=1, max_size=10
)


@given(st.lists(NAME, min_size=1, max_size=8, unique=True), st.randoms())
def test_normalize_variants__any_request_order__same_stored_order(names, rng):
    shuffled = list(names)
    rng.shuffle(shuffled)

    first, _ = normalize_variants([{"name": n} for n in names])
    second, _ = normalize_variants([{"name": n} for n in shuffled])

    assert _names(first) == _names(second)
    assert sorted(_names(first)) == sorted(names)
    assert sum(v["weight"] for v in first) == 1000


@given(st.lists(st.one_of(NAME, st.integers(), st.none()), max_size=5))
def test_sort_variants__unnamed_entries__left_as_given(names):
    raw = [{"name": n} for n in names] + ["not an object"]

    assert sort_variants(raw) == raw


# ---------------------------------------------------------------- every write path


@pytest.fixture
def flag(default_project, development):
    return services.feature_create(project=default_project, name="order", actor=Actor.system())


def _stored_strategy_names(feature) -> list[str]:
    return _names(Strategy.objects.get(feature_environment__feature=feature).variants)


def _stored_env_names(feature) -> list[str]:
    return _names(
        FeatureEnvironment.objects.get(feature=feature, environment="development").variants
    )


def test_strategy_create_and_update__zeta_alpha__stored_alpha_zeta(flag, development):
    strategy = services.strategy_add(
        feature=flag,
        environment=development,
        actor=Actor.system(),
        name="default",
        variants=ZETA_ALPHA,
    )
    assert _stored_strategy_names(flag) == ["alpha", "zeta"]

    services.strategy_update(strategy=strategy, actor=Actor.system(), variants=ZETA_ALPHA[::-1])
    services.strategy_update(strategy=strategy, actor=Actor.system(), variants=ZETA_ALPHA)
    assert _stored_strategy_names(flag) == ["alpha", "zeta"]


def test_feature_set_variants__zeta_alpha__stored_alpha_zeta(flag, development):
    services.feature_set_variants(
        feature=flag, environment=development, variants=ZETA_ALPHA, actor=Actor.system()
    )

    assert _stored_env_names(flag) == ["alpha", "zeta"]


def _import(tmp_path, force: bool) -> Feature:
    state = {
        "version": 2,
        "features": [
            {
                "name": "imported",
                "enabled": True,
                "strategies": [{"name": "default", "variants": ZETA_ALPHA}],
                "variants": [{**ZETA_ALPHA[0], "weight": 300}, {**ZETA_ALPHA[1], "weight": 700}],
            }
        ],
    }
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state), encoding="utf-8")
    call_command("import_features", str(path), environment="development", force=force)
    return Feature.objects.get(name="imported")


def test_import_features__zeta_alpha__both_kinds_stored_alpha_zeta(db, development, tmp_path):
    feature = _import(tmp_path, force=False)

    assert _stored_strategy_names(feature) == ["alpha", "zeta"]
    stored = FeatureEnvironment.objects.get(feature=feature, environment="development").variants
    # the file's weights follow their variant through the sort
    assert [(v["name"], v["weight"]) for v in stored] == [("alpha", 700), ("zeta", 300)]


def test_import_features_force__zeta_alpha__file_order_kept(db, development, tmp_path):
    # --force stores exactly what the file says: client-specification states rely on order.
    feature = _import(tmp_path, force=True)

    assert _stored_strategy_names(feature) == ["zeta", "alpha"]
    assert _stored_env_names(feature) == ["zeta", "alpha"]


def test_import_batch__zeta_alpha__both_kinds_stored_alpha_zeta(
    default_project, development, tmp_path
):
    export = {
        "features": [{"name": "batched", "project": "default", "type": "release"}],
        "featureStrategies": [
            {
                "name": "default",
                "featureName": "batched",
                "parameters": {},
                "constraints": [],
                "variants": ZETA_ALPHA,
            }
        ],
        "featureEnvironments": [
            {"name": "batched", "featureName": "batched", "enabled": True, "variants": ZETA_ALPHA}
        ],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export), encoding="utf-8")

    call_command("import_batch", str(path), project="default", environment="development")

    feature = Feature.objects.get(name="batched")
    assert _stored_strategy_names(feature) == ["alpha", "zeta"]
    assert _stored_env_names(feature) == ["alpha", "zeta"]


def test_django_admin_variants_field__zeta_alpha__cleaned_alpha_zeta():
    assert _names(VariantsField().clean(json.dumps(ZETA_ALPHA))) == ["alpha", "zeta"]


def test_admin_api_put_and_patch_variants__zeta_alpha__answered_and_stored_alpha_zeta(
    flag, admin_token, client
):
    url = "/api/admin/projects/default/features/order/environments/development/variants"
    auth = {"HTTP_AUTHORIZATION": admin_token}

    put = client.put(url, json.dumps(ZETA_ALPHA), content_type="application/json", **auth)
    add = [{"op": "add", "path": "/-", "value": {**ZETA_ALPHA[0], "name": "Middle"}}]
    patch = client.patch(url, json.dumps(add), content_type="application/json", **auth)

    assert _names(put.json()["variants"]) == ["alpha", "zeta"]
    assert _names(patch.json()["variants"]) == ["alpha", "Middle", "zeta"]
    assert _stored_env_names(flag) == ["alpha", "Middle", "zeta"]


@pytest.fixture
def admin_token(db):
    return services.token_create(name="ops", type="admin", actor=Actor.system())[1]


# ---------------------------------------------------------------- data migration


def test_migration_0004__rows_stored_in_request_order__sorted_and_one_event_moves_the_revision(
    flag, development
):
    strategy = services.strategy_add(
        feature=flag, environment=development, actor=Actor.system(), name="default"
    )
    services.feature_set_variants(
        feature=flag, environment=development, variants=[], actor=Actor.system()
    )
    # rows as an older release stored them, bypassing today's services
    Strategy.objects.filter(pk=strategy.pk).update(variants=ZETA_ALPHA)
    FeatureEnvironment.objects.filter(feature=flag).update(variants=ZETA_ALPHA)
    events_before = Event.objects.count()
    migration = importlib.import_module("flags.migrations.0004_va_sort_variants")
    # the models as the migration sees them (the audit Event was flags' then, core's today)
    apps = MigrationLoader(connection).project_state(("flags", "0004_va_sort_variants")).apps

    migration.sort_stored_variants(apps, None)

    assert Strategy.objects.get(pk=strategy.pk).variants == ZETA_ALPHA[::-1]
    assert (
        FeatureEnvironment.objects.get(feature=flag, environment="development").variants
        == (ZETA_ALPHA[::-1])
    )
    # one event, so the revision moves and cached SDK payloads are rebuilt in the new order
    assert Event.objects.count() == events_before + 1
    assert Event.objects.order_by("-id").first().type == "variants-sorted-by-name"
    migration.sort_stored_variants(apps, None)
    assert Event.objects.count() == events_before + 1  # nothing left to sort: no event


# ---------------------------------------------------------------- the official SDK


def _write_over_http(base: str, token: str, spec: dict) -> None:
    """The recorded flag, sent to our live server's admin API as it was sent to Unleash."""
    session = requests.Session()
    session.headers["Authorization"] = token
    flags_url = f"{base}/api/admin/projects/default/features"
    env_url = f"{flags_url}/{spec['name']}/environments/development"
    created = session.post(flags_url, json={"name": spec["name"], "type": "release"})
    assert created.status_code == 201
    for strategy in spec["strategies"]:
        assert session.post(f"{env_url}/strategies", json=strategy).status_code == 200
    if "env_variants" in spec:
        assert session.put(f"{env_url}/variants", json=spec["env_variants"]).status_code == 200
    assert session.post(f"{env_url}/on").status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", EVALUATED)
def test_python_sdk__100_contexts__same_variant_as_unleash(
    live_server, tmp_path, name, development
):
    recorded = RECORDED[name]
    admin = services.token_create(name="ops", type="admin", actor=Actor.system())[1]
    backend = services.token_create(
        name="sdk",
        type="backend",
        environment="development",
        projects=["default"],
        actor=Actor.system(),
    )[1]
    _write_over_http(live_server.url, admin, recorded["flag"])
    client = UnleashClient(
        url=f"{live_server.url}/api",
        app_name="vax-parity",
        environment="development",
        custom_headers={"Authorization": backend},
        disable_metrics=True,
        disable_registration=True,
        cache_directory=str(tmp_path / "sdk-cache"),
    )
    client.initialize_client()
    try:
        flag = recorded["flag"]["name"]
        got = [client.get_variant(flag, dict(c))["name"] for c in recorded["contexts"]]
    finally:
        client.destroy()

    assert len(got) == 100
    assert got == recorded["sdk_variants"]
