"""Strategy types, flag types with lifetimes, project-scoped and built-in context fields (issue 10).

Seeds what a fresh Unleash 8.2 holds (flags.builtins). Strategy names stored flags already use
get a custom definition, as Unleash keeps a deprecated strategy that is still in use.
"""

import django.db.models.deletion
from django.db import migrations, models


def seed_builtins(apps, schema_editor):
    from flags.builtins import seed_builtins as seed

    seed(apps)


def define_used_names(apps, schema_editor):
    Definition = apps.get_model("flags", "StrategyDefinition")
    Strategy = apps.get_model("flags", "Strategy")
    # Names stored flags already use stay usable (and editable) as custom definitions.
    used = {}
    for name, parameters in Strategy.objects.values_list("name", "parameters"):
        keys = used.setdefault(name, set())
        keys.update(parameters if isinstance(parameters, dict) else {})
    for name in sorted(used):
        if len(name) > 100 or Definition.objects.filter(name=name).exists():
            continue
        params = [
            {"name": key, "type": "string", "description": "", "required": False}
            for key in sorted(used[name], key=str)
        ]
        Definition.objects.create(name=name, parameters=params)


class Migration(migrations.Migration):
    dependencies = [
        ("flags", "0003_banner"),
    ]

    operations = [
        migrations.CreateModel(
            name="FeatureTypeDefinition",
            fields=[
                ("id", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=100)),
                ("description", models.TextField(blank=True, default="")),
                ("lifetime_days", models.IntegerField(blank=True, null=True)),
                ("sort_order", models.IntegerField(default=0)),
            ],
            options={
                "ordering": ["sort_order", "id"],
            },
        ),
        migrations.CreateModel(
            name="StrategyDefinition",
            fields=[
                ("name", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("title", models.CharField(blank=True, max_length=255, null=True)),
                ("display_name", models.CharField(blank=True, max_length=255, null=True)),
                ("description", models.TextField(blank=True, null=True)),
                ("parameters", models.JSONField(blank=True, default=list)),
                ("built_in", models.BooleanField(default=False)),
                ("deprecated", models.BooleanField(default=False)),
                ("sort_order", models.IntegerField(default=9999)),
            ],
            options={
                "ordering": ["sort_order", "name"],
            },
        ),
        migrations.AddField(
            model_name="contextfield",
            name="project",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="context_fields",
                to="flags.project",
            ),
        ),
        migrations.AlterField(
            model_name="feature",
            name="type",
            field=models.CharField(
                choices=[
                    ("release", "Release"),
                    ("experiment", "Experiment"),
                    ("operational", "Operational"),
                    ("kill-switch", "Kill Switch"),
                    ("permission", "Permission"),
                    ("sunset", "Sunset"),
                ],
                default="release",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="contextfield",
            name="sort_order",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(seed_builtins, migrations.RunPython.noop),
        migrations.RunPython(define_used_names, migrations.RunPython.noop),
    ]
