"""The maintenance settings table and its single row."""

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("maintenance", "MaintenanceSetting").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True

    dependencies: list = []

    operations = [
        migrations.CreateModel(
            name="MaintenanceSetting",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("enabled", models.BooleanField(default=False)),
                ("message", models.CharField(blank=True, default="", max_length=500)),
                ("starts_at", models.DateTimeField(blank=True, null=True)),
                ("ends_at", models.DateTimeField(blank=True, null=True)),
                ("updated_by", models.CharField(blank=True, default="", max_length=255)),
                ("updated_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "maintenance", "verbose_name_plural": "maintenance"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
