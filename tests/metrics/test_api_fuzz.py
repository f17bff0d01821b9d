"""Property-based fuzzing of the SDK metrics and register endpoints (issue 9, "Fuzzing").

Arbitrary JSON and near-valid SDK bodies with hostile values (NUL, lone surrogates, huge and
non-finite numbers, deep nesting, wrong types, over-long names) go to the five endpoints through
the real HTTP layer, PostgreSQL and Redis. Properties: never a 5xx; a 4xx is a JSON error and
leaves the buffer exactly as it was; and whatever was accepted, the next flush applies in full
(nothing set aside), so accepted data can never block aggregation.
"""

import json
import math

import pytest
from django.db import DataError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import ratelimit, redis_client
from flags.services import feature_create, token_create
from metrics import buffer, services
from metrics.aggregates import FeatureHourlyMetric
from metrics.models import BufferedMetric
from metrics.validation import ToggleCounts
from tests.support.fuzz import examples

pytestmark = pytest.mark.django_db

EXAMPLES = examples(150)
START = "2026-11-26T06:26:36.080Z"

# Characters hypothesis rarely draws on its own but attackers always try.
SPECIAL = st.sampled_from(["\x00", "\ud800", "\udc00", "\ud83d", "\u2028", "\ufeff", "😀", "é"])
hostile_text = st.one_of(
    st.text(st.one_of(st.characters(), SPECIAL), max_size=12),
    st.integers(250, 300).map(lambda n: "x" * n),
)
huge_numbers = st.one_of(
    st.integers(min_value=10**12, max_value=10**40),
    st.integers(max_value=-1),
    st.sampled_from([math.inf, -math.inf, math.nan, 1e308, 0.5]),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), huge_numbers, hostile_text
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(hostile_text, children, max_size=3)
    ),
    max_leaves=12,
)
odd_dates = st.sampled_from(
    [
        START,
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00+05:00",
        "2026-11-26T06:00:00-23:59",
        "2026-02-30T00:00:00Z",
    ]
)


def field(valid):
    """Mostly the valid value (so whole bodies often pass and reach the flush), else hostile."""
    return _mostly(valid, st.one_of(hostile_text, json_values))


def _mostly(valid, other):
    # one_of() does not weight repeated branches; a 17-in-20 draw does.
    return st.integers(0, 19).flatmap(lambda n: other if n >= 17 else valid)


valid_names = st.sampled_from(["checkout", "other", "fuzz-app", "i-1", "blue"])
names = field(valid_names)
keys = _mostly(valid_names, hostile_text)  # JSON keys are strings
counts = field(st.integers(0, 5))
toggle = st.fixed_dictionaries(
    {"yes": counts, "no": counts}, optional={"variants": st.dictionaries(keys, counts, max_size=3)}
)
bucket = st.fixed_dictionaries(
    {
        "start": field(odd_dates),
        "stop": field(st.just(START)),
        "toggles": st.dictionaries(keys, field(toggle), min_size=1, max_size=3),
    }
)
optional_info = {
    key: names
    for key in ("instanceId", "sdkVersion", "platformName", "connectionId", "specVersion")
}
metrics_bodies = st.fixed_dictionaries(
    {"appName": names, "bucket": field(bucket)}, optional=optional_info
)
register_bodies = st.fixed_dictionaries(
    {
        "appName": names,
        "interval": field(st.integers(0, 60_000)),
        "started": field(st.one_of(odd_dates, st.integers(0, 2 * 10**12))),
        "strategies": field(st.lists(names, max_size=3)),
    },
    optional=optional_info,
)
bulk_metric = st.fixed_dictionaries(
    {
        "featureName": names,
        "appName": names,
        "environment": field(st.just("production")),
        "timestamp": field(odd_dates),
        "yes": counts,
        "no": counts,
    },
    optional={"variants": st.dictionaries(keys, counts, max_size=2)},
)
bulk_application = st.fixed_dictionaries(
    {"appName": names, "instanceId": names},
    optional={"environment": field(st.just("production")), "sdkVersion": names},
)
bulk_bodies = st.fixed_dictionaries(
    {
        "applications": field(st.lists(field(bulk_application), max_size=2)),
        "metrics": field(st.lists(field(bulk_metric), max_size=3)),
    }
)


def raw_bodies(near_valid):
    """Bytes on the wire: JSON (NaN/Infinity literals included), deep nesting, or garbage."""
    nested = st.integers(1, 3000).map(lambda n: b'{"appName":' + b"[" * n + b"]" * n + b"}")
    choices = [near_valid] * 6 + [json_values] * 2
    bodies = [body.map(lambda value: json.dumps(value).encode()) for body in choices]
    bodies += [nested, st.binary(max_size=64)]
    return st.integers(0, len(bodies) - 1).flatmap(lambda n: bodies[n])


ENDPOINTS = [
    ("/api/client/metrics", "backend", metrics_bodies),
    ("/api/client/register", "backend", register_bodies),
    ("/api/client/metrics/bulk", "backend", bulk_bodies),
    ("/api/frontend/client/metrics", "frontend", metrics_bodies),
    ("/api/frontend/client/register", "frontend", register_bodies),
]


@pytest.fixture
def sdk_setup(settings, default_project, system_actor, production):
    settings.RATE_LIMITS = {scope: 0 for scope in settings.RATE_LIMITS}
    ratelimit.reset_local()
    feature_create(project=default_project, name="checkout", actor=system_actor)
    tokens = {}
    for kind in ("backend", "frontend"):
        _, tokens[kind] = token_create(
            name=kind, type=kind, actor=system_actor, environment=production, projects=["*"]
        )
    return tokens


def _buffered() -> tuple:
    """Everything the buffer holds right now (live Redis hashes and fallback rows)."""
    # What this process accepted and holds in its window first: else the window's thread
    # could write an earlier post's data between two snapshots and look like a 4xx's.
    buffer.write_accepted()
    client = redis_client.get_client()
    live = tuple(tuple(sorted(client.hgetall(buffer.PREFIX + n).items())) for n in buffer.LIVE_KEYS)
    return live, BufferedMetric.objects.count()


@pytest.mark.parametrize(("url", "kind", "near_valid"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_sdk_metrics_endpoints__arbitrary_json__never_5xx_nothing_stored_on_4xx_flush_clean(
    client, sdk_setup, url, kind, near_valid
):
    statuses = set()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(raw=raw_bodies(near_valid))
    def post_one(raw: bytes) -> None:
        before = _buffered()
        response = client.post(
            url, data=raw, content_type="application/json", HTTP_AUTHORIZATION=sdk_setup[kind]
        )
        statuses.add(response.status_code)
        assert response.status_code < 500, (raw, response.content)
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/json"
            assert _buffered() == before, raw

    post_one()
    result = services.flush()

    assert statuses & {200, 202} and statuses & {400}
    assert result.set_aside == 0
    assert buffer.take_batches() == []


storable_or_not = st.one_of(
    st.text(st.one_of(st.characters(exclude_categories=("Cs",)), st.just("\x00")), max_size=8),
    st.integers(250, 300).map(lambda n: "n" * n),
)


@pytest.mark.parametrize("store", ["redis", "database"])
def test_flush__arbitrary_entries_buffered_by_an_older_version__good_counts_exact_never_blocked(
    sdk_setup, store
):
    """Whatever an older version left in the buffer, the good counts beside it are applied."""
    hour = "2026-11-26T06:00:00+00:00"
    target = buffer.RedisBuffer(redis_client.get_client()) if store == "redis" else None
    target = target or buffer.DatabaseBuffer()

    def good_yes() -> int:
        rows = FeatureHourlyMetric.objects.filter(feature_name="checkout", app_name="good-app")
        return sum(rows.values_list("yes", flat=True))

    @settings(max_examples=examples(25), deadline=None, database=None)
    @given(
        bad=st.lists(
            st.tuples(storable_or_not, storable_or_not, storable_or_not, st.integers(1, 10**15)),
            max_size=4,
        ),
        good=st.integers(1, 5),
    )
    def flush_one(bad, good: int) -> None:
        before = good_yes()
        for app, feature, variant, amount in bad:
            toggles = {feature: ToggleCounts(amount, 0, {variant: amount})}
            beat = {"appName": app, "instanceId": variant, "environment": "production"}
            try:
                with transaction.atomic():
                    target.add(buffer.count_entries("production", app, hour, toggles), [], [beat])
            except DataError:
                continue  # the fallback table refuses it at ingest already: never buffered
        for _ in range(good):
            toggles = {"checkout": ToggleCounts(1, 0, {})}
            target.add(buffer.count_entries("production", "good-app", hour, toggles), [], [])

        services.flush()

        assert good_yes() == before + good
        assert buffer.take_batches() == []

    flush_one()
