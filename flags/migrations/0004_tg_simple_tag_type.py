"""Tag types get Unleash's colour, and a fresh install has Unleash's built-in `simple` type."""

from django.db import migrations, models

from flags.models.tags import SIMPLE_TAG_TYPE


def create_simple(apps, schema_editor):
    # get_or_create: idempotent, and a `simple` type someone already made keeps its texts.
    TagType = apps.get_model("flags", "TagType")
    fields = {k: v for k, v in SIMPLE_TAG_TYPE.items() if k != "name"}
    TagType.objects.get_or_create(name=SIMPLE_TAG_TYPE["name"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("flags", "0003_banner")]

    operations = [
        migrations.AddField(
            model_name="tagtype",
            name="color",
            field=models.CharField(blank=True, default="#FFFFFF", max_length=50),
        ),
        migrations.RunPython(create_simple, migrations.RunPython.noop),
    ]
