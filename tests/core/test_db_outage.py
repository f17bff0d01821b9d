"""PostgreSQL down under a live granian server: clean 503s, one log line per outage.

A private PostgreSQL and Redis (tests.support.processes) that the test stops and starts.
"""

import logging

import pytest
import requests
from django.db import OperationalError, connections

from core import outage
from tests.support.clock import FakeClock
from tests.support.live_sdk import BACKEND, FRONTEND, SEED
from tests.support.processes import (
    PrivatePostgres,
    PrivateRedis,
    WebServer,
    environment,
    manage,
)

ADMIN = "*:*.outage-admin-secret"
SEED_ADMIN = (
    SEED
    + f"""
token_create(name="a", type="admin", actor=actor, secret={ADMIN!r})
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-1")
"""
)
FLAG = "/api/admin/projects/default/features/always"
API_CALLS = [
    ("post", f"{FLAG}/environments/production/off", None),  # toggle
    ("post", "/api/admin/projects/default/features", {"name": "created-in-outage"}),  # create
    ("get", "/api/admin/projects/default/features", None),  # read
    ("get", "/api/admin/segments", None),
    ("post", "/api/admin/maintenance", {"enabled": True}),
]
ADMIN_PAGES = ["/admin/", "/admin/flags/feature/", "/admin/flags/segment/add/"]


@pytest.fixture(scope="module")
def site():
    pg, cache = PrivatePostgres(), PrivateRedis()
    server = None
    try:
        pg.start()
        cache.start()
        env = environment(pg.url, cache.url, RATE_LIMIT_FRONTEND_PER_MINUTE="0")
        manage(env, "migrate", "--noinput")
        manage(env, "shell", stdin=SEED_ADMIN)
        server = WebServer(env)
        server.start()
        yield server, pg
    finally:
        if server is not None:
            server.stop()
        cache.close()
        pg.close()


def _call(server, method, path, body=None, token=ADMIN):
    headers = {"Authorization": token, "Unleash-Client-Spec": "6.1.0"}
    return requests.request(method, server.url + path, json=body, headers=headers, timeout=15)


def _admin_session(server) -> requests.Session:
    session = requests.Session()
    login = f"{server.url}/admin/login/"
    session.get(login, timeout=10)
    data = {"username": "root", "password": "pw-root-1", "next": "/admin/"}
    data["csrfmiddlewaretoken"] = session.cookies["csrftoken"]
    assert session.post(login, data=data, timeout=10, headers={"Referer": login}).ok
    return session


def _lines(server, text: str) -> int:
    return sum(text in line for line in server.output().splitlines())


def test_postgres_down__api_admin_and_sdk__503s_and_one_log_line_per_outage(site):
    server, pg = site
    session = _admin_session(server)
    for method, path, _ in API_CALLS:  # warm: tokens and payloads cached at this revision
        if method == "get":
            assert _call(server, method, path).status_code == 200
    assert _call(server, "get", "/api/client/features", token=BACKEND).status_code == 200
    assert _call(server, "get", "/api/frontend", token=FRONTEND).status_code == 200
    before = len(server.output().splitlines())
    pg.stop()
    try:
        for _round in range(2):
            for method, path, body in API_CALLS:
                response = _call(server, method, path, body)
                assert response.status_code == 503, (method, path, response.text[:300])
                assert response.headers["Content-Type"].startswith("application/json")
                assert int(response.headers["Retry-After"]) > 0
                assert "unreachable" in response.json()["message"]
            for page_path in ADMIN_PAGES:
                page = session.get(f"{server.url}{page_path}", timeout=15)
                assert page.status_code == 503, (page_path, page.text[:300])
                assert page.headers["Content-Type"].startswith("text/html")
                assert "database is unreachable" in page.text
                assert int(page.headers["Retry-After"]) > 0
                assert "Content-Security-Policy" in page.headers
            assert _call(server, "get", "/api/client/features", token=BACKEND).status_code == 200
            assert _call(server, "get", "/api/frontend", token=FRONTEND).status_code == 200
    finally:
        pg.start()
    assert _call(server, "get", "/api/admin/segments").status_code == 200
    during = "\n".join(server.output().splitlines()[before:])
    assert during.count("database unreachable") == 1, during[-3000:]
    assert "Traceback" not in during, during[-3000:]
    assert "Service Unavailable" not in during, during[-3000:]  # Django's per-request line
    assert during.count("database reachable again") == 1, during[-3000:]


def test_postgres_down__after_a_write_only_client_api_polled__frontend_still_served(site):
    # The frontend API must be served from cache like the client API, also when the last
    # write came after its last poll (SDKs poll the client API far more often).
    server, pg = site
    assert _call(server, "get", "/api/frontend", token=FRONTEND).status_code == 200
    for state in ("off", "on"):  # two real changes: the revision moves on
        toggled = _call(server, "post", f"{FLAG}/environments/production/{state}")
        assert toggled.status_code == 200, toggled.text[:300]
    assert _call(server, "get", "/api/client/features", token=BACKEND).status_code == 200
    pg.stop()
    try:
        client = _call(server, "get", "/api/client/features", token=BACKEND)
        frontend = _call(server, "get", "/api/frontend", token=FRONTEND)
    finally:
        pg.start()

    assert client.status_code == 200
    assert frontend.status_code == 200, frontend.text[:300]


def test_note__many_failures__one_line_then_a_reminder_only_after_remind_after(caplog):
    outage.reset()
    error, clock = OperationalError("connection refused"), FakeClock()
    with caplog.at_level(logging.WARNING, logger="core.outage"):
        for _ in range(50):
            outage.note(error, "/api/admin/segments", now=clock)
            clock.advance((outage.REMIND_AFTER - 1) / 50)
        assert len(caplog.records) == 1  # the whole burst, just short of REMIND_AFTER
        clock.advance(1)
        outage.note(error, now=clock)
    outage.reset()

    assert "database unreachable" in caplog.records[0].getMessage()
    assert "51 failed requests" in caplog.records[1].getMessage()


def test_note__then_a_new_connection__recovery_logged_once(caplog, db):
    outage.reset()
    outage.note(OperationalError("connection refused"))
    with caplog.at_level(logging.WARNING, logger="core.outage"):
        for _ in range(2):  # real new connections: connection_created fires each time
            fresh = connections.create_connection("default")
            fresh.ensure_connection()
            fresh.close()

    recovered = [r for r in caplog.records if "reachable again" in r.getMessage()]
    assert len(recovered) == 1
