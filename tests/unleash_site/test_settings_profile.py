"""Settings are the only reader of the environment; DJANGO_ENV=production is deploy-ready.

Each case runs in a fresh interpreter: settings are read once per process, and the profile
under test must not leak into this one.
"""

from __future__ import annotations

import ast
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SETTINGS_READERS = [
    "unleash_site/celery.py",
    "unleash_site/management/commands/serve.py",
    "unleash_site/supervision.py",
]


def _env(**extra: str) -> dict[str, str]:
    """This environment minus any profile or key of the caller's, plus ``extra``.

    DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' (tests/support/browser.py), not a deployment's.
    """
    dropped = ("DJANGO_ENV", "SECRET_KEY", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(extra)
    return env


def _run(args: list[str], cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=_env(**env), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def _python(code: str, cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess:
    env.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")
    return _run(["-c", code], cwd=cwd, PYTHONPATH=str(REPO), **env)


def _production_key() -> str:
    return secrets.token_urlsafe(50)


@pytest.mark.live  # a fresh Python process (~1 s each)
def test_check_deploy__production_profile_with_own_key__no_warning():
    done = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ENV="production",
        SECRET_KEY=_production_key(),
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.live  # a fresh Python process (~1 s each)
def test_check_deploy__embedded_profile__warns():
    done = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert done.returncode != 0
    assert "security.W004" in done.stderr  # no HSTS outside the production profile


@pytest.mark.live  # a fresh Python process (~1 s each)
def test_settings__production_without_secret_key__refused_with_clear_message():
    done = _run(["manage.py", "check"], DJANGO_ENV="production")

    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "refuses the embedded SECRET_KEY" in done.stderr


@pytest.mark.live  # a fresh Python process (~1 s each)
def test_settings__production_with_embedded_key_spelt_out__refused():
    from django.conf import settings

    done = _run(
        ["manage.py", "check"], DJANGO_ENV="production", SECRET_KEY=settings.EMBEDDED_SECRET_KEY
    )

    assert done.returncode != 0
    assert "refuses the embedded SECRET_KEY" in done.stderr


@pytest.mark.live  # a fresh Python process (~1 s each)
def test_settings__unknown_profile__refused():
    done = _run(["manage.py", "check"], DJANGO_ENV="prod")

    assert done.returncode != 0
    assert "DJANGO_ENV must be" in done.stderr


@pytest.mark.live  # a fresh Python process (~1 s each)
def test_settings__production__hsts_proxy_header_and_secure_cookies():
    code = (
        "import json; from unleash_site import settings as s; print(json.dumps([s.DEBUG,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT]))"
    )
    done = _python(code, DJANGO_ENV="production", SECRET_KEY=_production_key())

    assert done.returncode == 0, done.stderr
    debug, hsts, header, session_secure, csrf_secure, redirect = json.loads(done.stdout)
    assert debug is False
    assert hsts >= 60 * 60 * 24 * 365
    assert header == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert session_secure and csrf_secure and redirect


@pytest.mark.live  # a fresh Python process (~1 s each)
def test_settings_import__data_dir_missing__not_created(tmp_path):
    data_dir = tmp_path / "missing" / "data"
    code = "import django; django.setup(); import unleash_site.celery, unleash_site.urls"

    done = _python(code, cwd=tmp_path, DATA_DIR=str(data_dir), REDIS_URL="")

    assert done.returncode == 0, done.stderr
    assert list(tmp_path.iterdir()) == []  # neither DATA_DIR nor anything in the working dir


@pytest.mark.live  # a fresh Python process (~1 s each)
def test_embedded_broker__task_sent__every_folder_under_data_dir_no_warning(tmp_path):
    data_dir = tmp_path / "data"
    code = (
        "import django; django.setup(); from unleash_site.celery import app;"
        " app.send_task('metrics.flush')"
    )

    done = _python(code, cwd=tmp_path, DATA_DIR=str(data_dir), REDIS_URL="")

    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # no ./control beside it
    assert any((data_dir / "celery-control").iterdir())  # kombu's exchange table
    assert len(list((data_dir / "celery-queue").iterdir())) == 1  # the message
    assert "WARNING" not in done.stderr


@pytest.mark.live  # a fresh Python process (~1 s each)
def test_serve_options__environment__defaults_come_through_settings(tmp_path):
    code = (
        "import django, json; django.setup()\n"
        "from unleash_site.management.commands.serve import Command\n"
        "cmd = Command(); opts = vars(cmd.create_parser('manage.py', 'serve').parse_args([]))\n"
        "print(json.dumps([opts, cmd._scheduler()]))"
    )
    env = {
        "HOST": "0.0.0.0", "PORT": "4242", "WEB_WORKERS": "3", "WEB_BLOCKING_THREADS": "2",
        "SERVE_MAX_RESTARTS": "7", "SERVE_RESTART_BACKOFF": "0.5",
        "SERVE_RESTART_BACKOFF_MAX": "9", "SERVE_STABLE_AFTER": "11",
        "CELERY_BEAT_SCHEDULE": str(tmp_path / "beat"),
    }  # fmt: skip

    done = _python(code, **env)

    assert done.returncode == 0, done.stderr
    opts, scheduler = json.loads(done.stdout)
    assert (opts["host"], opts["port"], opts["workers"], opts["blocking_threads"]) == (
        "0.0.0.0", 4242, 3, 2,
    )  # fmt: skip
    assert (opts["max_restarts"], opts["restart_backoff"]) == (7, 0.5)
    assert (opts["restart_backoff_max"], opts["stable_after"]) == (9.0, 11.0)
    assert scheduler[scheduler.index("--schedule") + 1] == str(tmp_path / "beat")


def _environment_reads(path: Path) -> list[str]:
    """Reads of os.environ / os.getenv in a module (setdefault, a write, is allowed)."""
    reads = []
    for node in ast.walk(ast.parse(path.read_text())):
        text = ast.unparse(node) if isinstance(node, ast.Call | ast.Subscript) else ""
        if "getenv" in text or (
            "environ" in text and "setdefault" not in text and "environ.Env" not in text
        ):
            reads.append(f"{path.name}:{node.lineno}: {text}")
    return reads


def test_environment__modules_beside_settings__read_only_settings():
    reads = [r for module in SETTINGS_READERS for r in _environment_reads(REPO / module)]

    assert reads == []
