"""Session and LoginEvent move here from unleash_site: state only, the tables stay as they are.

From an empty database unleash_site's 0001/0002 still create the tables first; here only
Django's idea of which app owns them changes (unleash_site 0003 drops them from its state),
and their content types follow (core.content_types) so grants and admin history keep their rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.content_types import move_content_types

MODELS = ("session", "loginevent")


def forwards(apps, schema_editor):
    move_content_types(apps, "unleash_site", "accounts", MODELS)


def backwards(apps, schema_editor):
    move_content_types(apps, "accounts", "unleash_site", MODELS)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("unleash_site", "0002_login_event"),
        ("contenttypes", "0002_remove_content_type_name"),
        # flags 0002 creates the content types of every model in the state it sees: before
        # this move, so an empty database ends with accounts' content types only.
        ("flags", "0002_defaults"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Session",
                    fields=[
                        (
                            "session_key",
                            models.CharField(
                                max_length=40,
                                primary_key=True,
                                serialize=False,
                                verbose_name="session key",
                            ),
                        ),
                        ("session_data", models.TextField(verbose_name="session data")),
                        (
                            "expire_date",
                            models.DateTimeField(db_index=True, verbose_name="expire date"),
                        ),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("user_agent", models.CharField(blank=True, default="", max_length=512)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("last_activity", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sessions",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "session",
                        "db_table": "unleash_session",
                        "indexes": [
                            models.Index(
                                fields=["user", "expire_date"],
                                name="unleash_ses_user_id_b8f56e_idx",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="LoginEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("username", models.CharField(blank=True, default="", max_length=255)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("user_agent", models.CharField(blank=True, default="", max_length=512)),
                        ("auth_method", models.CharField(default="password", max_length=50)),
                        ("success", models.BooleanField()),
                        (
                            "failure_reason",
                            models.CharField(blank=True, default="", max_length=255),
                        ),
                        ("created_at", models.DateTimeField(db_index=True)),
                        (
                            "user",
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
                    options={
                        "verbose_name": "login",
                        "verbose_name_plural": "login history",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "unleash_site_loginevent",
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
