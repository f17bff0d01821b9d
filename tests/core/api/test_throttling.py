"""One throttle policy: the DRF throttle class limits SDK and admin API doors per IP and scope."""

import pytest
from django.test import RequestFactory
from rest_framework.response import Response
from rest_framework.views import APIView

from core import ratelimit
from core.api.throttling import MESSAGE, IpRateThrottle
from tests.support.admin_api import Api
from tests.support.client_api import token


@pytest.fixture(autouse=True)
def _limits(settings):
    ratelimit.reset_local()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "scope": 3, "off": 0}
    yield
    ratelimit.reset_local()


class Scoped(APIView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = (IpRateThrottle,)
    throttle_scope = "scope"

    def post(self, request):
        return Response({"served": True})


def _statuses(view, requests) -> list[int]:
    return [view(request).status_code for request in requests]


def test_ip_rate_throttle__over_limit__429_unleash_words_and_retry_after():
    view = Scoped.as_view()
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.3")

    answers = [view(request) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    answers[3].render()
    assert answers[3].data["name"] == "TooManyRequestsError"
    assert answers[3].data["message"] == MESSAGE
    assert 1 <= int(answers[3]["Retry-After"]) <= 60


def test_ip_rate_throttle__other_ip__own_bucket():
    view = Scoped.as_view()
    first = [RequestFactory().post("/", REMOTE_ADDR="10.0.0.3") for _ in range(4)]
    other = RequestFactory().post("/", REMOTE_ADDR="10.0.0.4")

    assert _statuses(view, first) == [200, 200, 200, 429]
    assert view(other).status_code == 200


@pytest.mark.parametrize("scope", [None, "off"])
def test_ip_rate_throttle__no_scope_or_zero_limit__never_throttled(scope):
    view = Scoped.as_view(throttle_scope=scope)
    requests = [RequestFactory().post("/", REMOTE_ADDR="10.0.0.3") for _ in range(10)]

    assert _statuses(view, requests) == [200] * 10


def test_ip_rate_throttle__rotating_spoofed_first_hop__still_one_bucket(settings):
    settings.TRUST_PROXY, settings.TRUSTED_PROXY_COUNT = True, 1
    view = Scoped.as_view()
    requests = [
        RequestFactory().post(
            "/", HTTP_X_FORWARDED_FOR=f"6.6.6.{i}, 198.51.100.4", REMOTE_ADDR="10.0.0.9"
        )
        for i in range(4)
    ]

    assert _statuses(view, requests) == [200, 200, 200, 429]


@pytest.mark.django_db
def test_sdk_view__made_up_tokens_over_limit__429_before_any_token_lookup(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "frontend": 2}

    answers = [
        client.get("/api/frontend", HTTP_AUTHORIZATION=f"*:development.made-up-{i}")
        for i in range(3)
    ]

    assert [a.status_code for a in answers] == [401, 401, 429]
    assert answers[2].json()["message"] == MESSAGE


@pytest.mark.django_db
def test_sdk_view__valid_token_over_limit__429_then_other_scope_unaffected(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "frontend": 2, "frontend_metrics": 0}
    secret = token("frontend")
    headers = {"HTTP_AUTHORIZATION": secret}

    reads = [client.get("/api/frontend", **headers).status_code for _ in range(3)]
    metrics = client.post(
        "/api/frontend/client/metrics", data="{}", content_type="application/json", **headers
    )

    assert reads == [200, 200, 429]
    assert metrics.status_code != 429


@pytest.mark.django_db
def test_admin_api__admin_api_scope_limited__same_policy_429(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "admin_api": 2}
    api = Api(client, token("admin", environment=None))

    statuses = [api.get("/api/admin/projects").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_admin_api__default_settings__never_throttled(client):
    api = Api(client, token("admin", environment=None))

    statuses = {api.get("/api/admin/projects").status_code for _ in range(20)}

    assert statuses == {200}
