"""Session metadata: who is calling from where, recorded on each saved session row."""

from core.ratelimit import client_ip


class SessionMetaMiddleware:
    """Runs after SessionMiddleware so each saved session row records who is calling from where."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and hasattr(session, "request_meta"):
            session.request_meta = {
                "ip": ip if (ip := client_ip(request)) != "unknown" else None,
                "user_agent": request.META.get("HTTP_USER_AGENT", ""),
            }
        return self.get_response(request)
