"""The built-in roles (Admin, Editor, Viewer) as Django groups with model permissions."""

EDITOR_MODELS = {
    "feature",
    "featureenvironment",
    "strategy",
    "strategydefinition",  # Unleash's Editor creates, updates and deletes strategy types
    "segment",
    "dependency",
    "tag",
    "apitoken",
}
EDITOR_EXTRA = {"toggle_feature", "manage_client_tokens"}
# Model-level grants that an Editor must still not get.
EDITOR_DENIED = {"manage_admin_tokens"}
OUR_APPS = ("core", "accounts", "flags", "maintenance", "metrics", "integrations", "invites")
# Unleash's Editor creates, updates and deletes addons (integrations) as well.
EDITOR_APP_MODELS = {("integrations", "integration")}
# Other people's sessions and login attempts are the admins' business only: no
# permission on these models for Editor or Viewer, who still list their own rows through
# the API (accounts.api), which needs no model permission for that.
ADMIN_ONLY_MODELS = {
    ("accounts", "session"),
    ("accounts", "loginevent"),
    # An integration's delivery log (Unleash: ADMIN only), invite links (ADMIN only).
    ("integrations", "delivery"),
    ("invites", "invitelink"),
}


def _in_role(role: str, app: str, model: str, codename: str) -> bool:
    if role == "Admin":
        return True
    if app not in OUR_APPS or (app, model) in ADMIN_ONLY_MODELS:
        return False
    if codename.startswith("view_"):
        return True
    if role != "Editor" or codename in EDITOR_DENIED:
        return False
    if (app, model) in EDITOR_APP_MODELS:
        return True
    return codename in EDITOR_EXTRA or (app == "flags" and model in EDITOR_MODELS)


def _codenames_for(role: str, permissions) -> list:
    return [
        perm
        for perm in permissions
        if _in_role(role, perm.content_type.app_label, perm.content_type.model, perm.codename)
    ]


def sync_role_groups(apps=None) -> None:
    """Create the three groups and give them exactly their role's permissions."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.select_related("content_type"))
    for role in ("Admin", "Editor", "Viewer"):
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_codenames_for(role, permissions))
