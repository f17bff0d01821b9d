"""`manage.py maintenance` and configuring commands while on."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.models import Event
from flags.models import Feature
from maintenance import state
from maintenance.errors import MaintenanceActive


def run(*args) -> str:
    out = StringIO()
    call_command("maintenance", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def command(db, committed):
    def _command(*args):
        with committed():
            return run(*args)

    return _command


def test_on__message__on_and_audited_as_command(command):
    output = command("on", "--message", "Ops window")
    assert "maintenance: on" in output and state.current().message == "Ops window"
    assert Event.objects.get(type="setting-updated").source == "command"


def test_off__while_on__off(command, maintenance_on):
    assert "maintenance: off" in command("off")
    assert not state.is_active()


def test_on__at_until__window_stored(command):
    start, end = timezone.now() + timedelta(hours=1), timezone.now() + timedelta(hours=2)
    output = command("on", "--at", start.isoformat(), "--until", end.isoformat())
    assert "maintenance: off" in output and "window:" in output
    current = state.current()
    assert current.active(start + timedelta(minutes=1)) and not current.active(end)


def test_on__bad_time__command_error(db):
    with pytest.raises(CommandError, match="--at"):
        run("on", "--at", "tomorrow-ish")


def test_status__env_override__source_env(db, settings):
    settings.UNLEASH_MAINTENANCE_MODE = "true"
    assert "source: env" in run("status")


def test_db_grants__printed__select_everywhere_writes_only_sessions(db):
    output = run("db-grants", "--role", "ro_test", "--password", "secret")
    assert 'GRANT SELECT ON ALL TABLES IN SCHEMA "public" TO "ro_test";' in output
    writes = [line for line in output.splitlines() if "INSERT" in line]
    assert writes == [
        'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "unleash_session" TO "ro_test";'
    ]


def test_check_db_role__owner_role__fails_naming_writable_tables(db):
    with pytest.raises(CommandError, match="flags_feature: INSERT, UPDATE, DELETE granted"):
        run("check-db-role")


def test_import_features__on__exits_non_zero_nothing_imported(maintenance_on, tmp_path):
    body = {
        "version": 2,
        "features": [{"name": "maintenance-x", "enabled": True, "strategies": []}],
    }
    path = tmp_path / "features.json"
    path.write_text(json.dumps(body))
    with pytest.raises(CommandError, match="maintenance|Upgrading"):
        call_command("import_features", str(path), "--environment", "development")
    assert not Feature.objects.filter(name="maintenance-x").exists()


def test_createsuperuser__on__refused_with_exit_code(maintenance_on):
    with pytest.raises(MaintenanceActive) as caught:
        call_command("createsuperuser", "--noinput", "--username", "x", "--email", "x@e.com")
    assert caught.value.returncode != 0
    assert not get_user_model().objects.filter(username="x").exists()
