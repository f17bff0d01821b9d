"""The read-only database role end to end on real PostgreSQL, with maintenance on.

The role is created from `maintenance db-grants`; web (granian) and worker+beat run as it;
an admin logs in, browses and logs out, SDKs are served, jobs skip: zero database errors.
"""

import os
import subprocess
import sys

import pytest
import requests
from django.db import connection

from core.actors import Actor
from flags.models import Environment, Project
from flags.services import feature_create, token_create
from maintenance import db_role, services
from maintenance.task_guard import task_stats
from tests.support.workers import (
    ROOT,
    database_url,
    process_env,
    wait_for,
    web_server,
    worker_with_beat,
)

# Roles are cluster-wide: one per test process, so concurrent suite runs never share one.
ROLE, PASSWORD = f"unleash_ro_{os.getpid()}", "ro-e2e-pw"
ADMIN_PAGES = [
    "/admin/",
    "/admin/flags/feature/",
    "/admin/core/event/",
    "/admin/maintenance/maintenancesetting/1/change/",
]
DB_ERRORS = ("permission denied", "Internal Server Error", "Traceback", "DatabaseError")


def _drop_role(cursor) -> None:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE])
    if cursor.fetchone():
        cursor.execute(f'DROP OWNED BY "{ROLE}"')
        cursor.execute(f'DROP ROLE "{ROLE}"')


@pytest.fixture
def read_only_role(transactional_db):
    with connection.cursor() as cursor:
        _drop_role(cursor)
        for statement in db_role.grant_statements(ROLE, PASSWORD):
            cursor.execute(statement)
    yield database_url(ROLE, PASSWORD)
    with connection.cursor() as cursor:
        _drop_role(cursor)


@pytest.fixture
def platform(transactional_db, django_user_model):
    """Flags, a token and an admin, made before maintenance starts."""
    development, _ = Environment.objects.get_or_create(pk="development")
    project, _ = Project.objects.get_or_create(pk="default", defaults={"name": "Default"})
    project.environments.add(development)
    actor = Actor.system("test")
    feature_create(project=project, name="ro-flag", actor=actor)
    secret = token_create(
        name="sdk", type="backend", environment=development, projects=["*"], actor=actor
    )[1]
    django_user_model.objects.create_superuser("ops", "ops@example.com", "pw-ops-1")
    services.set_maintenance(enabled=True, message="Read-only database", actor=actor)
    yield {"token": secret}
    # Off again before the database flush, whose post_migrate recreates role groups.
    services.set_maintenance(enabled=False, actor=actor)


def _admin_session(base: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/admin/login/", timeout=5)
    response = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={
            "username": "ops",
            "password": "pw-ops-1",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/admin/login/"},
        timeout=5,
    )
    assert response.status_code == 200 and response.url == f"{base}/admin/", response.text[:500]
    assert "Read-only database" in response.text
    return session


@pytest.mark.live  # manage.py in a fresh process
def test_check_db_role__as_read_only_role__matches(platform, read_only_role):
    result = subprocess.run(
        [sys.executable, "manage.py", "maintenance", "check-db-role"],
        cwd=ROOT, env=process_env(DATABASE_URL=read_only_role), capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"role {ROLE} matches" in result.stdout


@pytest.mark.live
def test_read_only_role__maintenance_on__web_and_jobs_without_db_errors(
    platform, read_only_role, tmp_path
):
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    with web_server(web_log, DATABASE_URL=read_only_role) as base:
        session = _admin_session(base)
        for page in ADMIN_PAGES:
            assert session.get(f"{base}{page}", timeout=5).status_code == 200, page
        logout = session.post(
            f"{base}/admin/logout/",
            data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers={"Referer": f"{base}/admin/"},
            timeout=5,
        )
        assert logout.status_code == 200
        sdk = {"Authorization": platform["token"]}
        features = requests.get(f"{base}/api/client/features", headers=sdk, timeout=5)
        assert features.status_code == 200
        etag = {**sdk, "If-None-Match": features.headers["ETag"]}
        assert (
            requests.get(f"{base}/api/client/features", headers=etag, timeout=5).status_code == 304
        )
    with worker_with_beat(
        tmp_path, worker_log, DATABASE_URL=read_only_role, BEAT_INTERVAL_SECONDS=1
    ):
        assert wait_for(lambda: task_stats("metrics.flush").get("skipped", 0) >= 2, timeout=40)
        assert wait_for(lambda: task_stats("maintenance.close_finished_window").get("ran"), 10)
    logs = web_log.read_text() + worker_log.read_text()
    assert not [line for line in logs.splitlines() if any(e in line for e in DB_ERRORS)]
