"""WSGI entry point served by granian in production and by `make run`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")

application = get_wsgi_application()
