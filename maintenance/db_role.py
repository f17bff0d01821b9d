"""The read-only PostgreSQL role of maintenance mode: its GRANTs, and a check of a live role."""

from importlib import import_module

from django.conf import settings
from django.db import connection

WRITE_PRIVILEGES = ("INSERT", "UPDATE", "DELETE")


def writable_tables() -> list[str]:
    """Tables the platform writes while maintenance is on: logging in and out writes sessions.

    The session table is whichever SESSION_ENGINE stores in (accounts' today), asked of the
    engine rather than named. Login history is buffered in Redis while on: no write grant.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store, "get_model_class", None)
    return [model()._meta.db_table] if model is not None else []


def _sequences(cursor, table: str) -> list[str]:
    return [
        s["name"] for s in connection.introspection.get_sequences(cursor, table) if s.get("name")
    ]


def grant_statements(role: str, password: str | None = None) -> list[str]:
    """The SQL that creates `role` with SELECT everywhere and writes only where needed."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
        sequences = {t: _sequences(cursor, t) for t in writable_tables()}
    secret = (password or "change-me").replace("'", "''")
    lines = [
        f"CREATE ROLE {q(role)} LOGIN PASSWORD '{secret}';",
        f"GRANT CONNECT ON DATABASE {q(database)} TO {q(role)};",
        f"GRANT USAGE ON SCHEMA {q(schema)} TO {q(role)};",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {q(schema)} TO {q(role)};",
    ]
    for table, seqs in sequences.items():
        lines.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {q(table)} TO {q(role)};")
        lines += [f"GRANT USAGE, SELECT ON SEQUENCE {q(s)} TO {q(role)};" for s in seqs]
    return lines


def check_current_role() -> tuple[str, list[str]]:
    """(role name, problems): empty problems when the role matches `grant_statements`."""
    writable = set(writable_tables())
    problems = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        role = cursor.fetchone()[0]
        for table in sorted(connection.introspection.table_names(cursor)):
            privileges = {}
            for privilege in ("SELECT", *WRITE_PRIVILEGES):
                cursor.execute(
                    "SELECT has_table_privilege(current_user, %s, %s)", [table, privilege]
                )
                privileges[privilege] = cursor.fetchone()[0]
            problems += _table_problems(table, privileges, table in writable)
    return role, problems


def _table_problems(table: str, privileges: dict, writable: bool) -> list[str]:
    problems = []
    if not privileges["SELECT"]:
        problems.append(f"{table}: SELECT missing")
    granted = [p for p in WRITE_PRIVILEGES if privileges[p]]
    missing = [p for p in WRITE_PRIVILEGES if not privileges[p]]
    if writable and missing:
        problems.append(f"{table}: {', '.join(missing)} missing (logins would fail)")
    elif not writable and granted:
        problems.append(f"{table}: {', '.join(granted)} granted; the read-only role must not write")
    return problems
