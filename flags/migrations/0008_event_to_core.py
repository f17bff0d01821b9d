"""The audit Event now belongs to core (its 0001): dropped from this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("flags", "0007_fl_flag_workflow"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Event")],
        ),
    ]
