"""Django's error handlers (handler400/403/404/500): JSON under /api, Django's pages elsewhere.

API clients parse every answer as JSON, so an unknown route or a crash under /api must not be
an HTML page. A database outage is a 503 (JSON or a plain page) wherever it surfaces.
"""

import sys

from django.views import defaults

from core import outage
from core.api.errors import error_response

NOT_FOUND = "No such API route or resource."
SERVER_ERROR = "The server could not answer this request (internal error)."


def bad_request(request, exception):
    if outage.is_api(request.path_info):
        return error_response(400, "The request is malformed.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if outage.is_api(request.path_info):
        return error_response(403, "You may not do this.")
    return defaults.permission_denied(request, exception)


def not_found(request, exception):
    if outage.is_api(request.path_info):
        return error_response(404, NOT_FOUND)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Called inside Django's ``except`` block, so the exception is still at hand."""
    exc = sys.exc_info()[1]
    if outage.is_outage(exc):
        return outage.response_for(request, exc)
    if outage.is_api(request.path_info):
        return error_response(500, SERVER_ERROR, name="InternalError")
    return defaults.server_error(request)
