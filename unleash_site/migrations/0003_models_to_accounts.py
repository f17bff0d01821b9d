"""Session and LoginEvent now belong to accounts (its 0001): dropped from this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("unleash_site", "0002_login_event"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Session"),
                migrations.DeleteModel(name="LoginEvent"),
            ],
        ),
    ]
