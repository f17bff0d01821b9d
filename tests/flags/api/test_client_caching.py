"""Hot path of /api/client/features: ETag/304, gzip, zero queries on a hit, fresh within 1 s."""

import gzip
import json
import time

from flags import services
from flags.models import Environment, Feature
from tests.support.client_api import ACTOR, body, flag, get, token


def test_client_features__etag_then_if_none_match__304_without_body(client, default_project):
    secret = token()
    first = get(client, secret)
    assert first.status_code == 200 and first["ETag"].startswith('"')
    again = get(client, secret, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_client_features__stale_etag__200(client, default_project):
    response = get(client, token(), HTTP_IF_NONE_MATCH='"something:1:v1"')
    assert response.status_code == 200


def test_client_features__different_query_or_scope_or_mode__different_etag(client, default_project):
    wide, narrow = token(), token(projects=["default"])
    etags = {
        get(client, wide)["ETag"],
        get(client, narrow)["ETag"],
        get(client, wide, spec="4.0.0")["ETag"],
        get(client, wide, "/api/client/features?namePrefix=a")["ETag"],
        get(client, token(environment="production"))["ETag"],
    }
    assert len(etags) == 5


def test_client_features__accept_gzip__precomputed_gzip_body(client, default_project, development):
    flag(default_project, development, "zipped")
    secret = token()
    plain = get(client, secret)
    zipped = get(client, secret, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] == plain["ETag"]


def test_client_features__warm_cache__no_database_query(
    client, default_project, development, django_assert_num_queries
):
    flag(default_project, development, "cached")
    secret = token()
    get(client, secret)
    with django_assert_num_queries(0):
        response = get(client, secret)
    assert body(response)["features"][0]["name"] == "cached"


def test_client_features__write_through_a_service__new_body_and_etag(
    client, default_project, development, settings, django_capture_on_commit_callbacks
):
    settings.UNLEASH_REVISION_CHECK_INTERVAL = 0
    flag(default_project, development, "toggled")
    secret = token()
    before = get(client, secret)
    with django_capture_on_commit_callbacks(execute=True):
        services.feature_set_enabled(
            feature=Feature.objects.get(name="toggled"),
            environment=Environment.objects.get(pk="development"),
            enabled=False,
            actor=ACTOR,
        )
    after = get(client, secret, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert body(after)["features"][0]["enabled"] is False


def test_client_features__default_revision_check__change_visible_within_a_second(
    client, default_project, development, django_capture_on_commit_callbacks
):
    flag(default_project, development, "soon")
    secret = token()
    get(client, secret)
    with django_capture_on_commit_callbacks(execute=True):
        services.feature_set_enabled(
            feature=Feature.objects.get(name="soon"),
            environment=development,
            enabled=False,
            actor=ACTOR,
        )
    changed_at = time.monotonic()
    while json.loads(get(client, secret).content)["features"][0]["enabled"]:
        assert time.monotonic() - changed_at < 1.0
        time.sleep(0.02)
