"""The audit Event moves here from flags: state only, the table flags_event stays as it is.

From an empty database flags' 0001 still creates the table; here only Django's idea of which
app owns it changes (flags 0008 drops it from its state), and its content type follows
(core.content_types), so permissions (core.view_event) and admin history keep their rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.content_types import move_content_types

MODELS = ("event",)


def forwards(apps, schema_editor):
    move_content_types(apps, "flags", "core", MODELS)


def backwards(apps, schema_editor):
    move_content_types(apps, "core", "flags", MODELS)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("flags", "0007_fl_flag_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Event",
                    fields=[
                        ("id", models.BigAutoField(primary_key=True, serialize=False)),
                        ("type", models.CharField(db_index=True, max_length=100)),
                        ("created_by", models.CharField(max_length=255)),
                        ("source", models.CharField(blank=True, default="", max_length=50)),
                        (
                            "project",
                            models.CharField(blank=True, db_index=True, default="", max_length=100),
                        ),
                        (
                            "feature_name",
                            models.CharField(blank=True, db_index=True, default="", max_length=255),
                        ),
                        ("environment", models.CharField(blank=True, default="", max_length=100)),
                        ("data", models.JSONField(blank=True, null=True)),
                        ("pre_data", models.JSONField(blank=True, null=True)),
                        ("tags", models.JSONField(blank=True, default=list)),
                        ("ip", models.GenericIPAddressField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "created_by_user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"ordering": ["-id"], "db_table": "flags_event"},
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
