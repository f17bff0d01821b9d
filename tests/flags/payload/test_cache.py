"""The payload cache: every copy is labelled with the revision its content was really read at."""

import json

from core import redis_client, revision
from core.revision import Revision
from flags.payload import cache
from flags.payload.query import PayloadQuery
from tests.support.client_api import flag


def test_get__served_revision_behind_database__labelled_with_database_revision(
    default_project, development, settings
):
    settings.UNLEASH_REVISION_CHECK_INTERVAL = 3600  # this process keeps its copy
    flag(default_project, development, "first")
    served = revision.current()
    flag(default_project, development, "second")  # committed elsewhere, not yet seen here
    truth = revision.database_revision()

    ready = cache.get(PayloadQuery(environment="development", projects=None))

    names = [f["name"] for f in json.loads(ready.body)["features"]]
    assert served != truth and ready.revision == truth
    assert names == ["first", "second"]
    assert f":{truth.id}:{truth.stamp:x}" in ready.etag
    assert json.loads(ready.body)["meta"]["revisionId"] == truth.id
    assert revision.current() == truth  # the build told this process what it read


def test_get__redis_copy_from_before_restore_same_number__never_served(
    default_project, development
):
    flag(default_project, development, "real")
    truth = revision.current()
    query = PayloadQuery(environment="development", projects=None)
    # What a pre-restore build left: the same revision number, another event time.
    before_restore = Revision(truth.id, truth.stamp + 1)
    redis_client.get_client().hset(
        cache._redis_key(query.key, before_restore),
        mapping={"body": b'{"version":2,"features":[]}', "gzip": b"", "etag": '"old"'},
    )

    ready = cache.get(query)

    assert [f["name"] for f in json.loads(ready.body)["features"]] == ["real"]
    assert ready.etag != '"old"'
