"""manage.py import_features FILE --environment ENV: load a /api/client/features body."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.actors import Actor
from core.errors import ServiceError
from flags.services.imports import import_features
from flags.services.strategy_definitions import undefined_strategy_names
from maintenance.errors import MaintenanceActive


class Command(BaseCommand):
    help = (
        "Import flags and segments from a /api/client/features body (as served by Unleash or "
        "written by export_features) into one environment, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file, or - for standard input")
        parser.add_argument("--environment", required=True, help="environment to load into")
        parser.add_argument("--project", help="put every flag in this project")
        parser.add_argument(
            "--replace", action="store_true", help="archive flags of the project(s) not in FILE"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="store constraints, parameters, variants and strategy names as given, without "
            "validation (strategy names no strategy type defines are listed as warnings)",
        )

    def handle(self, *args, **opts):
        body = self._read(opts["file"])
        try:
            result = import_features(
                body,
                environment=opts["environment"],
                project=opts["project"],
                replace=opts["replace"],
                force=opts["force"],
                actor=Actor.command("import_features"),
            )
        except MaintenanceActive as exc:
            raise CommandError(f"Nothing imported: {exc.message}") from exc
        except ServiceError as exc:
            raise CommandError(f"Nothing imported: {exc.message}") from exc
        if opts["force"]:
            for name in undefined_strategy_names(_strategy_names(body)):
                self.stderr.write(f"warning: no strategy type is defined for {name!r}")
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(
            f"Imported into {opts['environment']}: {len(result.created)} created, "
            f"{len(result.updated)} updated, {len(result.archived)} archived, "
            f"{result.segments} segments."
        )

    def _read(self, name: str):
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {name}: {exc.strerror}") from exc
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{name} is not valid JSON: {exc}") from exc


def _strategy_names(body) -> set:
    """Every strategy name the (already imported, so well-formed) body uses."""
    features = body.get("features") if isinstance(body, dict) else None
    return {
        strategy.get("name")
        for feature in features or []
        if isinstance(feature, dict)
        for strategy in feature.get("strategies") or []
        if isinstance(strategy, dict)
    }
