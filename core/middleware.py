"""Request middleware every route passes: JSON errors under /api, outage 503s, CSP."""

from django.conf import settings

from core import outage
from core.api.errors import error_response
from core.textcheck import text_problem

# Longest query parameter accepted (as long as a frontend context value may be).
MAX_QUERY_VALUE = 10_000
# Headers of an error answer that stay when its body is replaced by JSON.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "ETag", "Vary")


class ApiErrorMiddleware:
    """Every error under /api is JSON (404, 405, ...); a database outage is a 503 anywhere.

    Also on the SDK lean path (``settings.SDK_MIDDLEWARE``), where ``require_GET``'s empty
    405 would otherwise reach SDKs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING") and outage.is_api(request.path_info):
            refused = query_problem(request)
            if refused is not None:
                return refused
        response = self.get_response(request)
        status = response.status_code
        if status >= 400 and outage.is_api(request.path_info) and not outage.json_body(response):
            return _as_json(request, response)
        return response

    def process_exception(self, request, exception):
        # Before Django's handler: no got_request_exception, no traceback per request.
        if outage.is_outage(exception):
            return outage.response_for(request, exception)
        return None


def query_problem(request):
    """A 400 naming the first query parameter (name or value) that is not storable text.

    Checked here, before any view, for every /api route: a NUL in a filter would otherwise
    reach PostgreSQL as a DataError, which SDK views took for an outage.
    """
    for name, values in request.GET.lists():
        if problem := text_problem(name, MAX_QUERY_VALUE):
            return _bad_query("query", f"a parameter name {problem}")
        for value in values:
            if problem := text_problem(value, MAX_QUERY_VALUE):
                return _bad_query(name, f"query parameter {problem}")
    return None


def _bad_query(path: str, message: str):
    details = [{"path": path, "message": message}]
    return error_response(400, f"{path}: {message}", name="ValidationError", details=details)


def _as_json(request, response):
    status = response.status_code
    if status == 405:
        allowed = response.get("Allow", "")
        message = f"Method {request.method} is not allowed here; allowed: {allowed or 'none'}."
        name = "MethodNotAllowedError"
    else:
        message, name = f"{response.reason_phrase}.", None
    headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
    return error_response(status, message, name=name, headers=headers)


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every HTML page outside /api (the admin and its errors).

    Scripts only from our own origin and never inline (the admin's scripts are static files),
    so injected markup cannot run script. Inline styles stay allowed: Django's admin and our
    banners use style attributes, and a style cannot run code.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        html = response.get("Content-Type", "").startswith("text/html")
        if self.policy and html and not outage.is_api(request.path_info):
            response.setdefault("Content-Security-Policy", self.policy)
        return response
