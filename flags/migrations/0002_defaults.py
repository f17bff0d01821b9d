"""The `default` project, `development` and `production` environments, and the role groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_defaults(apps, schema_editor):
    Environment = apps.get_model("flags", "Environment")
    Project = apps.get_model("flags", "Project")
    development, _ = Environment.objects.get_or_create(
        name="development", defaults={"type": "development", "sort_order": 100}
    )
    production, _ = Environment.objects.get_or_create(
        name="production", defaults={"type": "production", "sort_order": 200}
    )
    project, _ = Project.objects.get_or_create(
        id="default", defaults={"name": "Default", "description": "Default project"}
    )
    project.environments.add(development, production)


def create_groups(apps, schema_editor):
    from flags.roles import sync_role_groups

    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("flags", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_defaults, migrations.RunPython.noop),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
