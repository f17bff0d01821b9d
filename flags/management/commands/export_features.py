"""manage.py export_features [--environment ENV] [--project P] [FILE]: write a features body."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from flags.models import Environment, Project
from flags.payload.builder import build_body
from flags.payload.query import PayloadQuery


class Command(BaseCommand):
    help = "Write the /api/client/features body of one environment (import_features reads it)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="output file (default: standard output)")
        parser.add_argument("--environment", default="development")
        parser.add_argument("--project", action="append", help="only this project (repeatable)")

    def handle(self, *args, **opts):
        environment = opts["environment"]
        if not Environment.objects.filter(pk=environment).exists():
            raise CommandError(f"Unknown environment {environment!r}")
        projects = tuple(sorted(set(opts["project"]))) if opts["project"] else None
        if projects:
            unknown = set(projects) - set(
                Project.objects.filter(pk__in=projects).values_list("pk", flat=True)
            )
            if unknown:
                raise CommandError(f"Unknown project {sorted(unknown)[0]!r}")
        body = build_body(PayloadQuery(environment=environment, projects=projects))
        body.pop("query", None)
        text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
        if opts["file"]:
            Path(opts["file"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {len(body['features'])} flags to {opts['file']}")
        else:
            sys.stdout.write(text)
