"""`manage.py maintenance on|off|status|db-grants|check-db-role`: the ops door."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.actors import Actor
from core.errors import ValidationFailed
from maintenance import db_role, services, state


def _when(value: str | None, option: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option}: not an ISO 8601 time: {value!r}") from exc
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "Switch maintenance mode, show it, or print/check the read-only database role."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["on", "off", "status", "db-grants", "check-db-role"])
        parser.add_argument("--message", help="shown in the banner and in 503 answers")
        parser.add_argument("--at", help="ISO time to switch on (with on)")
        parser.add_argument("--until", help="ISO time to switch off by itself (with on)")
        parser.add_argument("--role", default="unleash_readonly", help="role name (db-grants)")
        parser.add_argument("--password", help="the role's password (db-grants)")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action in ("on", "off"):
            return self._toggle(action == "on", opts)
        if action == "status":
            return self._status()
        if action == "db-grants":
            self.stdout.write("\n".join(db_role.grant_statements(opts["role"], opts["password"])))
            return None
        return self._check_role()

    def _toggle(self, enabled: bool, opts):
        if not enabled and (opts["at"] or opts["until"]):
            raise CommandError("--at and --until go with `on`")
        try:
            switched = services.set_maintenance(
                enabled=enabled,
                message=opts["message"],
                starts_at=_when(opts["at"], "--at"),
                ends_at=_when(opts["until"], "--until"),
                actor=Actor.command(f"maintenance {'on' if enabled else 'off'}"),
            )
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc
        if state.env_override() is not None:
            self.stderr.write("note: UNLEASH_MAINTENANCE_MODE is set and wins over this switch")
        self._status(switched)

    def _status(self, switched: state.MaintenanceState | None = None):
        # Just switched: show what was stored, even before this process's copy refreshes.
        current = state.env_override() or switched or state.current()
        lines = [
            f"maintenance: {'on' if current.active() else 'off'} (source: {current.source})",
            f"message: {current.display_message if current.active() else current.message}",
        ]
        if current.since():
            lines.append(f"since: {current.since().isoformat()}")
        if current.window():
            start, end = current.starts_at, current.ends_at
            lines.append(f"window: {start and start.isoformat()} .. {end and end.isoformat()}")
        self.stdout.write("\n".join(lines))

    def _check_role(self):
        role, problems = db_role.check_current_role()
        if problems:
            raise CommandError(
                f"role {role} does not match `maintenance db-grants`:\n  " + "\n  ".join(problems)
            )
        self.stdout.write(f"role {role} matches the read-only grants")
