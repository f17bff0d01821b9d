"""Webhook delivery end to end: a flag write through the admin API reaches a real local receiver.

In-process (Celery's eager mode, the write's on-commit callbacks run) and through a real Celery
worker; the write never waits for the receiver, failures are retried with backoff, a receiver
that hangs is cut off by the timeout, and events are filtered by type, project and environment.
"""

import json
import time

import pytest
from django.db import transaction
from django.test import Client

from flags import services as flag_services
from integrations import selectors
from integrations.models import Delivery, Integration
from maintenance import services as maintenance_services
from tests.support.admin_api import ACTOR, Api, make_token
from tests.support.receiver import running_receiver
from tests.support.workers import wait_for, worker_with_beat
from unleash_site.celery import app

ADDONS = "/api/admin/addons"
FEATURES = "/api/admin/projects/default/features"


@pytest.fixture
def api(db) -> Api:
    return Api(Client(), make_token("admin"))


@pytest.fixture
def local_receivers(settings):
    """The receiver listens on 127.0.0.1: allow that host, as an operator would list theirs."""
    settings.INTEGRATION_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.INTEGRATION_RETRY_BACKOFF_SECONDS = 0.01
    settings.INTEGRATION_TIMEOUT_SECONDS = 2.0


@pytest.fixture
def eager(monkeypatch):
    monkeypatch.setattr(app.conf, "task_always_eager", True)


def hook(api, url: str, **overrides) -> dict:
    body = {
        "provider": "webhook",
        "enabled": True,
        "parameters": {"url": url},
        "events": ["feature-created"],
        **overrides,
    }
    response = api.post(ADDONS, body)
    assert response.status_code == 201, response.content
    return response.json()


def create_flag(api, name: str, capture):
    with capture(execute=True):
        response = api.post(FEATURES, {"name": name})
    assert response.status_code == 201, response.content


def test_flag_created__webhook__receiver_gets_unleash_event_body(
    api, local_receivers, eager, django_capture_on_commit_callbacks
):
    with running_receiver() as receiver:
        made = hook(
            api, receiver.url, parameters={"url": receiver.url, "authorization": "Bearer s3"}
        )
        create_flag(api, "hooked-flag", django_capture_on_commit_callbacks)
        assert receiver.wait(1)
    (got,) = receiver.requests
    assert got.path == "/hook"
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["Authorization"] == "Bearer s3"
    event = json.loads(got.body)
    assert event["type"] == "feature-created" and event["featureName"] == "hooked-flag"
    assert {"id", "createdBy", "createdAt", "data", "project", "environment"} <= set(event)
    (logged,) = api.get(f"{ADDONS}/{made['id']}/events").json()["integrationEvents"]
    assert logged["state"] == "success" and logged["event"]["id"] == event["id"]
    assert "Bearer" not in json.dumps(logged)


def test_body_template__mustache__rendered_with_escaped_markdown(
    api, local_receivers, eager, django_capture_on_commit_callbacks
):
    template = '{"kind": "{{event.type}}", "md": "{{eventMarkdown}}", "json": {{{eventJson}}}}'
    headers = json.dumps({"X-Team": "flags", "Bad Name": "x"})
    with running_receiver() as receiver:
        params = {
            "url": receiver.url,
            "bodyTemplate": template,
            "contentType": "text/plain",
            "customHeaders": headers,
        }
        made = hook(api, receiver.url, parameters=params)
        create_flag(api, "templated-flag", django_capture_on_commit_callbacks)
        assert receiver.wait(1)
    got = receiver.requests[0]
    body = json.loads(got.body)  # the escaped markdown keeps the JSON valid
    assert body["kind"] == "feature-created" and "templated-flag" in body["md"]
    assert json.loads(body["json"])["featureName"] == "templated-flag"
    assert got.headers["Content-Type"] == "text/plain" and got.headers["X-Team"] == "flags"
    (logged,) = Delivery.objects.filter(integration_id=made["id"])
    assert logged.state == "successWithErrors" and "Bad Name" in logged.state_details


def test_receiver_fails_then_recovers__retried__success_logged(
    api, local_receivers, eager, django_capture_on_commit_callbacks
):
    with running_receiver(statuses=[503, 500, 200]) as receiver:
        made = hook(api, receiver.url)
        create_flag(api, "retried-flag", django_capture_on_commit_callbacks)
        assert receiver.wait(3)
    (logged,) = Delivery.objects.filter(integration_id=made["id"])
    assert logged.state == "success" and "Tried 3 times" in logged.state_details


def test_receiver_always_fails__retries_bounded__failed_logged(
    api, local_receivers, eager, settings, django_capture_on_commit_callbacks
):
    settings.INTEGRATION_DELIVERY_RETRIES = 2
    with running_receiver(statuses=[502]) as receiver:
        made = hook(api, receiver.url)
        create_flag(api, "failing-flag", django_capture_on_commit_callbacks)
        receiver.wait(3)
        time.sleep(0.2)
    assert len(receiver.requests) == 3  # the first try and two retries, no more
    (logged,) = Delivery.objects.filter(integration_id=made["id"])
    assert logged.state == "failed" and "502" in logged.state_details


def test_receiver_client_error__not_retried(
    api, local_receivers, eager, django_capture_on_commit_callbacks
):
    with running_receiver(statuses=[404]) as receiver:
        hook(api, receiver.url)
        create_flag(api, "gone-flag", django_capture_on_commit_callbacks)
        receiver.wait(1)
        time.sleep(0.2)
    assert len(receiver.requests) == 1


def test_receiver_hangs__timeout_bounds_each_try(
    api, local_receivers, eager, settings, django_capture_on_commit_callbacks
):
    settings.INTEGRATION_TIMEOUT_SECONDS = 0.3
    settings.INTEGRATION_DELIVERY_RETRIES = 0
    with running_receiver(delay=3.0) as receiver:
        made = hook(api, receiver.url)
        started = time.monotonic()
        create_flag(api, "slow-flag", django_capture_on_commit_callbacks)
        elapsed = time.monotonic() - started
    assert elapsed < 2.0, elapsed
    (logged,) = Delivery.objects.filter(integration_id=made["id"])
    assert logged.state == "failed" and "timed out" in logged.state_details.lower()


@pytest.mark.parametrize(
    ("events", "projects", "environments", "event", "reached"),
    [
        (["feature-created"], [], [], ("feature-created", "default", ""), True),
        (["feature-archived"], [], [], ("feature-created", "default", ""), False),
        (["feature-created"], ["other"], [], ("feature-created", "default", ""), False),
        (["feature-created"], ["*", "x"], [], ("feature-created", "default", ""), True),
        (["feature-created"], ["other"], [], ("feature-created", "", ""), True),
        (["x"], ["default"], ["production"], ("x", "default", "development"), False),
        (["x"], ["default"], ["development"], ("x", "default", "development"), True),
        (["x"], [], ["*"], ("x", "default", "development"), True),
    ],
)
def test_subscription__type_project_environment__filtered_as_unleash(
    db, events, projects, environments, event, reached
):
    wanted = Integration.objects.create(
        provider="webhook", events=events, projects=projects, environments=environments
    )
    Integration.objects.create(provider="webhook", enabled=False, events=events)
    assert selectors.subscribed(*event) == ([wanted.pk] if reached else [])


def test_rolled_back_write__nothing_delivered(
    api, local_receivers, eager, default_project, django_capture_on_commit_callbacks
):
    with running_receiver() as receiver:
        hook(api, receiver.url)
        capture = django_capture_on_commit_callbacks(execute=True)
        with capture, pytest.raises(RuntimeError), transaction.atomic():
            flag_services.feature_create(project=default_project, name="undone", actor=ACTOR)
            raise RuntimeError("roll back")
        time.sleep(0.2)
    assert receiver.requests == []


def test_delivery__maintenance_on__still_sent_log_skipped(
    api, local_receivers, eager, django_capture_on_commit_callbacks
):
    from core.models import Event
    from integrations import tasks

    with running_receiver() as receiver:
        made = hook(api, receiver.url)
        create_flag(api, "before-maintenance", django_capture_on_commit_callbacks)
        assert receiver.wait(1)
        event = Event.objects.get(type="feature-created", feature_name="before-maintenance")
        with django_capture_on_commit_callbacks(execute=True):
            maintenance_services.set_maintenance(enabled=True, message="m", actor=ACTOR)
        tasks.deliver.apply(args=(made["id"], event.pk))
        assert receiver.wait(2)
    assert Delivery.objects.filter(integration_id=made["id"]).count() == 1


@pytest.mark.live
def test_real_worker__flag_created__delivered_write_not_blocked(transactional_db, tmp_path):
    log = tmp_path / "worker.log"
    api = Api(Client(), make_token("admin"))
    with running_receiver(delay=1.0) as receiver:
        env = {"UNLEASH_ALLOW_LIST_INTEGRATION": "127.0.0.1"}
        with worker_with_beat(tmp_path, log, BEAT_INTERVAL_SECONDS=3600, **env):
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr("django.conf.settings.INTEGRATION_ALLOWED_HOSTS", ["127.0.0.1"])
                made = hook(api, receiver.url)
            started = time.monotonic()
            response = api.post(FEATURES, {"name": "worker-flag"})
            answered = time.monotonic() - started
            assert response.status_code == 201
            assert receiver.wait(1, timeout=40), log.read_text()[-3000:]
            logged = wait_for(
                lambda: Delivery.objects.filter(integration_id=made["id"]).first(), timeout=20
            )
    assert answered < 1.0  # the receiver takes 1 s; the write did not wait for it
    assert logged is not None and logged.state == "success"
    assert json.loads(receiver.requests[0].body)["featureName"] == "worker-flag"


def test_delivery_log__over_a_hundred__newest_hundred_kept(db, default_project):
    from core.models import Event
    from integrations import delivery

    integration = Integration.objects.create(provider="webhook", events=["feature-created"])
    flag_services.feature_create(project=default_project, name="logged", actor=ACTOR)
    event = Event.objects.get(type="feature-created")
    for index in range(delivery.KEEP + 5):
        delivery.record(integration, event, delivery.Outcome("success", [f"try {index}"]), 1)
    kept = list(
        Delivery.objects.filter(integration=integration).values_list("state_details", flat=True)
    )
    assert len(kept) == delivery.KEEP
    assert kept[0] == f"try {delivery.KEEP + 4}" and f"try {4}" not in kept


def test_delivered_bodies__same_shape_as_unleash_8_2(
    api, local_receivers, eager, settings, django_capture_on_commit_callbacks
):
    """Recorded from Unleash 8.2 posting to a local receiver (record_aic.py --delivery)."""
    import re

    from tests.support.unleash_answers import load

    recorded = load("addons_invites_cors", "delivery")
    settings.UNLEASH_URL = "http://localhost:4242"
    template = '{"kind": "{{event.type}}", "md": "{{eventMarkdown}}", "json": {{{eventJson}}}}'
    with running_receiver() as receiver:
        hook(api, receiver.url + "/plain")
        params = {"bodyTemplate": template, "customHeaders": '{"X-Team": "flags"}'}
        hook(api, receiver.url, parameters={"url": receiver.url + "/templated", **params})
        create_flag(api, "{run}-hooked", django_capture_on_commit_callbacks)
        assert receiver.wait(2)
    got = {r.path.strip("/").removeprefix("hook/"): r for r in receiver.requests}
    for name in ("plain", "templated"):
        theirs, ours = recorded[name], got[name]
        assert {
            k.lower(): v for k, v in ours.headers.items() if k.lower() in theirs["headers"]
        } == theirs["headers"]
    plain = json.loads(got["plain"].body)
    assert set(recorded["plain"]["body"]) <= set(plain)
    templated = json.loads(got["templated"].body)
    assert templated["kind"] == recorded["templated"]["body"]["kind"]
    assert set(json.loads(recorded["templated"]["body"]["json"])) <= set(
        json.loads(templated["json"])
    )

    # The same sentence; only the links (Unleash's UI routes vs this server's pages) and the
    # actor's name (events here name an admin token `token:<name>`) differ.
    def shape(text):
        return re.sub(r"^\*[^*]+\*", "*who*", re.sub(r"\]\([^)]*\)", "](...)", text))

    assert shape(templated["md"]) == shape(recorded["templated"]["body"]["md"])


def test_subscriptions__read_once_per_second__a_write_here_seen_at_once(
    db, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from integrations import services

    assert selectors.subscribed("feature-created", "default", "") == []
    with django_assert_num_queries(0):  # the thousand events of an import: one read in all
        for _ in range(1000):
            selectors.subscribed("feature-created", "default", "")
    fields = {
        "provider": "webhook",
        "enabled": True,
        "parameters": {"url": "https://1.1.1.1/h"},
        "events": ["feature-created"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        made = services.integration_create(fields=fields, actor=ACTOR)
    assert selectors.subscribed("feature-created", "default", "") == [made.pk]
