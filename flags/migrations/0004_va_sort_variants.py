"""Order stored strategy and flag-environment variants by name, as Unleash stores them.

Rows written before issue 10 keep request order, and SDKs assign variants by position. Only
the order changes (no weights or timestamps); when any row changed, one system audit event is
appended so the configuration revision moves and no cached SDK payload keeps the old order.
"""

from django.db import migrations

from flags.variants import sort_variants


def _sort_rows(model) -> int:
    changed = 0
    for row in model.objects.exclude(variants=[]).only("pk", "variants").iterator():
        ordered = sort_variants(row.variants)
        if ordered != row.variants:
            model.objects.filter(pk=row.pk).update(variants=ordered)
            changed += 1
    return changed


def sort_stored_variants(apps, schema_editor) -> None:
    strategies = _sort_rows(apps.get_model("flags", "Strategy"))
    environments = _sort_rows(apps.get_model("flags", "FeatureEnvironment"))
    if strategies or environments:
        apps.get_model("flags", "Event").objects.create(
            type="variants-sorted-by-name",
            created_by="migration 0004_va_sort_variants",
            source="system",
            data={"strategies": strategies, "featureEnvironments": environments},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("flags", "0003_banner"),
    ]

    operations = [
        migrations.RunPython(sort_stored_variants, migrations.RunPython.noop),
    ]
