"""Actor.from_request: who wrote, and the address the audit log keeps (TRUST_PROXY honoured)."""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from core.actors import Actor


def _request(user, **meta):
    request = RequestFactory().post("/", **meta)
    request.user = user
    return request


def test_from_request__signed_in_behind_two_proxies__user_and_second_hop_from_right(
    admin_user, settings
):
    settings.TRUST_PROXY, settings.TRUSTED_PROXY_COUNT = True, 2
    forwarded = "6.6.6.6, 203.0.113.7, 10.0.0.2"
    request = _request(admin_user, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.1")

    actor = Actor.from_request(request, source="admin")

    assert (actor.name, actor.user, actor.source, actor.ip) == (
        "admin",
        admin_user,
        "admin",
        "203.0.113.7",
    )


def test_from_request__proxy_not_trusted__peer_address_not_the_header(admin_user, settings):
    settings.TRUST_PROXY = False
    request = _request(admin_user, HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.1")

    assert Actor.from_request(request, source="api").ip == "10.0.0.1"


def test_from_request__no_user_but_token__named_after_the_token(settings):
    settings.TRUST_PROXY = False
    request = _request(AnonymousUser(), REMOTE_ADDR="192.0.2.5")
    request.auth = SimpleNamespace(name="deploy-bot")

    actor = Actor.from_request(request, source="api")

    assert (actor.name, actor.user, actor.ip) == ("token:deploy-bot", None, "192.0.2.5")
