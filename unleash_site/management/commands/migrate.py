"""Django's migrate, creating DATA_DIR first: settings create no directory at import time.

The embedded profile's SQLite file lives there (SQLite cannot create its folder), and
``make run`` writes the demo credentials there right after migrating.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.commands.migrate import Command as MigrateCommand


class Command(MigrateCommand):
    def execute(self, *args, **options):
        # before the system checks, which already open the database
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        return super().execute(*args, **options)
