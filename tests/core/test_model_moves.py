"""Event (flags -> core) and Session/LoginEvent (unleash_site -> accounts) moved by state only.

A database migrated at the release before the move keeps its rows, and its content types are
relabelled in place, so permissions granted on them keep working under the new app labels.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import LoginEvent, Session
from core.models import Event

BEFORE = [("accounts", None), ("core", None)]  # unapplies unleash_site 0003 and flags 0008 too


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor


def _seed_previous_release(executor) -> dict:
    old = executor.loader.project_state(
        [("unleash_site", "0002_login_event"), ("flags", "0007_fl_flag_workflow")]
    ).apps
    user = old.get_model("auth", "User").objects.create(username="alice")
    types = old.get_model("contenttypes", "ContentType").objects
    ids = {
        "event": types.get(app_label="flags", model="event").pk,
        "session": types.get(app_label="unleash_site", model="session").pk,
    }
    perms = old.get_model("auth", "Permission").objects
    user.user_permissions.add(perms.get(content_type_id=ids["session"], codename="view_session"))
    user.user_permissions.add(perms.get(content_type_id=ids["event"], codename="view_event"))
    old.get_model("flags", "Event").objects.create(type="test-event", created_by="test")
    old.get_model("unleash_site", "LoginEvent").objects.create(
        username="alice", success=True, created_at=timezone.now()
    )
    old.get_model("unleash_site", "Session").objects.create(
        session_key="k" * 32, session_data="x", expire_date=timezone.now(), user_id=user.pk
    )
    return ids


@pytest.mark.django_db(transaction=True)
def test_model_moves__database_of_previous_release__rows_and_content_types_kept():
    executor = _migrate(BEFORE)
    ids = _seed_previous_release(executor)
    _migrate()
    assert Event.objects.filter(type="test-event").exists()
    assert LoginEvent.objects.filter(username="alice").exists()
    assert Session.objects.filter(session_key="k" * 32).exists()
    assert ContentType.objects.get_for_model(Event).pk == ids["event"]
    assert ContentType.objects.get_for_model(Session).pk == ids["session"]
    assert not ContentType.objects.filter(app_label="unleash_site").exists()


@pytest.mark.django_db(transaction=True)
def test_model_moves__database_of_previous_release__granted_permissions_follow():
    executor = _migrate(BEFORE)
    _seed_previous_release(executor)
    _migrate()
    perms = Permission.objects.filter(user__username="alice").select_related("content_type")
    labels = {f"{p.content_type.app_label}.{p.codename}" for p in perms}
    assert labels == {"accounts.view_session", "core.view_event"}


@pytest.mark.django_db
def test_model_moves__empty_database__content_types_under_new_labels_only():
    labels = set(ContentType.objects.values_list("app_label", "model"))
    assert {("core", "event"), ("accounts", "session"), ("accounts", "loginevent")} <= labels
    assert not labels & {("flags", "event"), ("unleash_site", "session")}
