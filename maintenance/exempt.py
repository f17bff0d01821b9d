"""The explicit list of views that stay writable while maintenance is on.

Views are named by their resolved URL name (`ResolverMatch.view_name`), never by path, so a
flag called `maintenance-x` gets no pass. A view added later is blocked unless listed here;
`tests/maintenance/test_url_walk.py` proves it for every `/api/` URL, and the system check
in `maintenance.checks` that every name here is a URL pattern's name.
"""

from core import sdk_routes

# The toggle itself: turning maintenance off must work while it is on.
TOGGLE = {"maintenance:maintenance"}

# Revoking sessions writes only the session table: a stolen session can always be ended.
SESSIONS = {"session-revoke", "user-sessions-revoke"}

# POSTs that read only: they compute an answer and persist nothing.
READ_ONLY_POSTS = {
    "validate-feature-name",
    "validate-context-field",
    "validate-user-password",
    "admin-project-context-validate",
    "validate-constraint",
    "validate-tag-type",
    "validate-segment",
    "playground",
    "playground-advanced",
    "batch-export",
    "batch-validate",
}

# SDK traffic is never refused (metrics and registrations are buffered in Redis): every
# served route of the one SDK route table.
SDK = sdk_routes.url_names()

EXEMPT_API_VIEWS = frozenset(TOGGLE | SESSIONS | READ_ONLY_POSTS | SDK)

# Django admin views (namespaced `admin:`) that stay usable: sign-in and out (sessions are the
# one table the read-only role may write), the maintenance page, and import/export, whose
# export and validate only read (its import goes through import_batch, a write service, which
# refuses it while maintenance is on).
EXEMPT_ADMIN_VIEWS = frozenset(
    {
        "admin:login",
        "admin:logout",
        "admin:batch-import-export",
        "admin:maintenance_maintenancesetting_changelist",
        "admin:maintenance_maintenancesetting_change",
    }
)


def is_exempt_api_view(view_name: str | None) -> bool:
    return bool(view_name) and view_name in EXEMPT_API_VIEWS
