"""The Admin, Editor and Viewer groups that migrate creates, with their permissions."""

import pytest
from django.contrib.auth.models import Group, Permission

from flags.roles import sync_role_groups


def _codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_groups__after_migrate__all_three_exist(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {"Admin", "Editor", "Viewer"}


def test_admin__after_migrate__every_permission(db):
    assert Group.objects.get(name="Admin").permissions.count() == Permission.objects.count()


@pytest.mark.parametrize(
    "codename",
    [
        "flags.add_feature",
        "flags.change_feature",
        "flags.delete_feature",
        "flags.toggle_feature",
        "flags.change_featureenvironment",
        "flags.add_strategy",
        "flags.delete_strategy",
        "flags.add_segment",
        "flags.change_segment",
        "flags.add_apitoken",
        "flags.manage_client_tokens",
        "flags.add_dependency",
        "flags.add_tag",
        "core.view_event",
        "flags.view_project",
        "flags.view_contextfield",
    ],
)
def test_editor__after_migrate__has_flag_work_permissions(db, codename):
    assert codename in _codenames("Editor")


@pytest.mark.parametrize(
    "codename",
    [
        "flags.manage_admin_tokens",
        "flags.add_project",
        "flags.delete_environment",
        "flags.change_event",
        "auth.add_user",
        "auth.change_group",
    ],
)
def test_editor__after_migrate__lacks_admin_permissions(db, codename):
    assert codename not in _codenames("Editor")


def test_viewer__after_migrate__only_view_permissions_of_our_apps(db):
    codenames = _codenames("Viewer")
    assert {"flags.view_feature", "flags.view_strategy", "core.view_event"} <= codenames
    assert all(c.split(".", 1)[1].startswith("view_") for c in codenames)
    assert not any(c.startswith(("auth.", "admin.", "sessions.")) for c in codenames)


def test_sync_role_groups__permission_removed_by_hand__restored(db):
    editor = Group.objects.get(name="Editor")
    editor.permissions.clear()
    sync_role_groups()
    assert "flags.toggle_feature" in _codenames("Editor")


@pytest.mark.parametrize("role", ["Editor", "Viewer"])
def test_sessions_and_logins__editor_or_viewer__no_permission_on_them(db, role):
    # Seeing other people's sessions and login attempts is for Admin only (issue 9).
    codenames = _codenames(role)
    assert not {c for c in codenames if c.split(".")[1].endswith(("_session", "_loginevent"))}


def test_sessions_and_logins__admin__may_view_and_revoke(db):
    codenames = _codenames("Admin")
    assert {"accounts.view_session", "accounts.delete_session"} <= codenames
    assert "accounts.view_loginevent" in codenames
