"""The built-in roles (Admin, Editor, Viewer) as Django groups with model permissions."""

EDITOR_MODELS = {
    "feature",
    "featureenvironment",
    "strategy",
    "segment",
    "dependency",
    "tag",
    "apitoken",
}
EDITOR_EXTRA = {"toggle_feature", "manage_client_tokens"}
OUR_APPS = ("flags", "maintenance", "metrics", "unleash_site")


def _codenames_for(role: str, permissions) -> list:
    selected = []
    for perm in permissions:
        app, model, codename = perm.content_type.app_label, perm.content_type.model, perm.codename
        if role == "Admin":
            selected.append(perm)
        elif role == "Viewer":
            if app in OUR_APPS and codename.startswith("view_"):
                selected.append(perm)
        elif (
            role == "Editor"
            and app in OUR_APPS
            and (
                codename.startswith("view_")
                or codename in EDITOR_EXTRA
                or app == "flags"
                and model in EDITOR_MODELS
            )
        ):
            selected.append(perm)
    return selected


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
