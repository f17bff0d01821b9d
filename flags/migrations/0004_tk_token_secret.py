"""API tokens keep their secret encrypted (Fernet) beside the lookup hash, to list it as Unleash.

Rows created before keep an empty value: only the hash of their secret was ever stored, so
nothing can recover it; lists show those secrets masked (see flags/tokens.masked).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("flags", "0003_banner"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="secret_encrypted",
            field=models.TextField(blank=True, default="", editable=False),
        ),
    ]
