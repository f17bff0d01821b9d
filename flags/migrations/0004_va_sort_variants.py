"""Order stored strategy and flag-environment variants by name, as Unleash stores them.

Rows written before issue 10 keep request order, and SDKs assign variants by position. Only
the order changes: no weights, timestamps or audit events are touched.
"""

from django.db import migrations

from flags.variants import sort_variants


def _sort_rows(model) -> None:
    for row in model.objects.exclude(variants=[]).only("pk", "variants").iterator():
        ordered = sort_variants(row.variants)
        if ordered != row.variants:
            model.objects.filter(pk=row.pk).update(variants=ordered)


def sort_stored_variants(apps, schema_editor) -> None:
    _sort_rows(apps.get_model("flags", "Strategy"))
    _sort_rows(apps.get_model("flags", "FeatureEnvironment"))


class Migration(migrations.Migration):
    dependencies = [
        ("flags", "0003_banner"),
    ]

    operations = [
        migrations.RunPython(sort_stored_variants, migrations.RunPython.noop),
    ]
