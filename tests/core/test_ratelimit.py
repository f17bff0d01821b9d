"""Per-IP fixed-window rate limits: shared in Redis, per process when Redis is down."""

import socket
import time

import pytest
from django.test import Client, RequestFactory, override_settings
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st
from rest_framework.test import APIClient

from core import ratelimit, redis_client
from core.models import Event
from tests.support.fuzz import examples


@pytest.fixture(autouse=True)
def _limits(settings):
    ratelimit.reset_local()
    settings.RATE_LIMITS = {"scope": 3, "off": 0}
    yield
    ratelimit.reset_local()


def _dead_redis_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def test_hit__under_limit__allowed_then_retry_after_within_window():
    results = [ratelimit.hit("scope", "10.0.0.1") for _ in range(4)]

    assert results[:3] == [None, None, None]
    assert 1 <= results[3] <= 60


def test_hit__other_ip__counted_separately():
    for _ in range(3):
        ratelimit.hit("scope", "10.0.0.1")

    assert ratelimit.hit("scope", "10.0.0.2") is None


def test_hit__counts_live_in_redis__shared_by_processes():
    ratelimit.hit("scope", "10.0.0.1")

    keys = redis_client.get_client().keys("unleash:ratelimit:scope:10.0.0.1:*")
    assert len(keys) == 1
    assert 60 < redis_client.get_client().ttl(keys[0]) <= 120


def test_hit__burst_within_sync_interval__one_increment_sent_then_the_rest():
    client = redis_client.get_client()
    for _ in range(3):
        ratelimit.hit("scope", "10.0.0.1")
    (key,) = client.keys("unleash:ratelimit:scope:10.0.0.1:*")
    assert int(client.get(key)) == 1  # the rest are batched, not one round trip each

    time.sleep(ratelimit.SYNC_INTERVAL)
    ratelimit.hit("scope", "10.0.0.1")

    assert int(client.get(key)) == 4


def test_hit__other_process_hits__seen_after_sync_interval():
    ratelimit.hit("scope", "10.0.0.1")
    (key,) = redis_client.get_client().keys("unleash:ratelimit:scope:10.0.0.1:*")
    redis_client.get_client().incrby(key, 5)  # what the other web processes counted
    time.sleep(ratelimit.SYNC_INTERVAL)

    assert ratelimit.hit("scope", "10.0.0.1") is not None


def test_hit__zero_limit__never_limited():
    assert all(ratelimit.hit("off", "10.0.0.1") is None for _ in range(50))


def test_hit__redis_unreachable__counts_per_process(settings):
    settings.REDIS_URL = _dead_redis_url()

    results = [ratelimit.hit("scope", "10.0.0.1") for _ in range(4)]

    assert results[:3] == [None, None, None]
    assert results[3] is not None


def test_client_ip__untrusted_forwarded_for__ignored(settings):
    settings.TRUST_PROXY = False
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.9")

    assert ratelimit.client_ip(request) == "10.0.0.9"


def _behind_proxy(forwarded: str, remote: str = "10.0.0.9"):
    return RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)


def test_client_ip__one_trusted_proxy__right_most_hop_not_client_written_first(settings):
    settings.TRUST_PROXY, settings.TRUSTED_PROXY_COUNT = True, 1

    request = _behind_proxy("6.6.6.6, 1.2.3.4")  # the client sent "6.6.6.6" itself

    assert ratelimit.client_ip(request) == "1.2.3.4"


def test_client_ip__two_trusted_proxies__second_hop_from_the_right(settings):
    settings.TRUST_PROXY, settings.TRUSTED_PROXY_COUNT = True, 2

    request = _behind_proxy("6.6.6.6, 1.2.3.4, 10.0.0.1")

    assert ratelimit.client_ip(request) == "1.2.3.4"


@pytest.mark.parametrize("forwarded", ["", "1.2.3.4", " , ", "not-an-ip, 10.0.0.1"])
def test_client_ip__too_few_or_bogus_hops__remote_addr(settings, forwarded):
    settings.TRUST_PROXY, settings.TRUSTED_PROXY_COUNT = True, 2

    assert ratelimit.client_ip(_behind_proxy(forwarded)) == "10.0.0.9"


@settings_hypothesis(max_examples=examples(200), deadline=None)
@given(
    spoofed=st.lists(st.text(alphabet=st.characters(exclude_characters=","), max_size=40)),
    count=st.integers(min_value=1, max_value=4),
)
def test_client_ip__any_client_written_prefix__never_changes_the_answer(spoofed, count):
    # What the client writes left of our proxies' hops is never taken as its address.
    hops = ["203.0.113.7"] + [f"10.0.0.{i}" for i in range(1, count)]
    with override_settings(TRUST_PROXY=True, TRUSTED_PROXY_COUNT=count):
        request = _behind_proxy(", ".join([*spoofed, *hops]))
        assert ratelimit.client_ip(request) == "203.0.113.7"


def test_login_lockout__rotating_spoofed_first_hop__still_locked(admin_user, settings):
    settings.TRUST_PROXY, settings.TRUSTED_PROXY_COUNT = True, 1
    settings.LOGIN_FAILURE_LIMIT = 2

    def login(password: str, spoof: str):
        return Client().post(
            "/admin/login/",
            {"username": "admin", "password": password, "next": "/admin/"},
            HTTP_X_FORWARDED_FOR=f"{spoof}, 198.51.100.4",
            REMOTE_ADDR="10.0.0.9",
        )

    login("wrong", "6.6.6.1")
    login("wrong", "6.6.6.2")
    refused = login("pw-admin-1", "6.6.6.3")

    assert refused.status_code == 200
    assert "Too many failed logins" in refused.content.decode()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/admin/projects", {"id": "audited", "name": "Audited"}),
        ("/api/admin/maintenance", {"enabled": True}),
    ],
)
def test_audit_ip__api_write_behind_proxy__right_most_hop(admin_user, settings, path, body):
    settings.TRUST_PROXY, settings.TRUSTED_PROXY_COUNT = True, 1
    client = APIClient()
    client.force_login(admin_user)
    before = Event.objects.count()

    response = client.post(
        path,
        body,
        format="json",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4",
        REMOTE_ADDR="10.0.0.9",
    )

    assert response.status_code < 300, response.content
    assert Event.objects.count() > before
    assert Event.objects.order_by("-id").first().ip == "198.51.100.4"
