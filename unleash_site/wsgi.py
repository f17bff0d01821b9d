"""WSGI entry point served by granian in production and by `make run`.

SDK routes take the lean path of ``core.sdk_gateway``; everything else is Django's.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")

django_application = get_wsgi_application()

from core.sdk_gateway import wsgi_application  # noqa: E402  (needs Django set up)

application = wsgi_application(django_application)
