"""manage.py import_batch: validate or import a features-batch export into a project."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from core.actors import Actor
from core.errors import ServiceError
from flags.batch_validation import parse_import, validate_import
from flags.services.batch_import import import_batch
from maintenance.errors import MaintenanceActive


class Command(BaseCommand):
    help = (
        "Import a file written by `manage.py export_batch` or by Unleash's "
        "POST /api/admin/features-batch/export into one project and environment, in one "
        "transaction, with Unleash's rules: flags of other projects and missing segments or "
        "context legal values are errors (nothing is written), flags archived here are skipped. "
        "--validate-only prints the errors and warnings without writing. "
        "Example: manage.py import_batch export.json --project default --environment production"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON export file, or - for standard input")
        parser.add_argument("--project", required=True, help="project to import into")
        parser.add_argument("--environment", required=True, help="environment to import into")
        parser.add_argument("--validate-only", action="store_true", help="check, write nothing")

    def handle(self, *args, **opts):
        data = self._read(opts["file"])
        body = {"project": opts["project"], "environment": opts["environment"], "data": data}
        try:
            req = parse_import(body)
            report = validate_import(req)
            self._print(report)
            if opts["validate_only"]:
                if report["errors"]:
                    raise CommandError("the file cannot be imported")
                return
            summary = import_batch(req, actor=Actor.command("import_batch"))
        except (ServiceError, MaintenanceActive) as exc:
            raise CommandError(f"Nothing imported: {exc.message}") from exc
        self.stdout.write(f"imported {len(summary['features'])} flag(s)")

    def _read(self, path: str):
        try:
            if path == "-":
                return json.loads(sys.stdin.read())
            with open(path, encoding="utf-8") as handle:
                return json.loads(handle.read())
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc

    def _print(self, report: dict) -> None:
        for kind in ("errors", "warnings"):
            for item in report[kind]:
                items = ", ".join(map(str, item["affectedItems"]))
                self.stderr.write(f"{kind[:-1]}: {item['message']} {items}")
