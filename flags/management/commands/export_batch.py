"""manage.py export_batch: write flags of one environment in Unleash's features-batch format."""

import sys

from django.core.management.base import BaseCommand, CommandError

from core.actors import Actor
from core.errors import ServiceError
from flags.batch_export import audit_export, dumps, export_features, parse_export_query


class Command(BaseCommand):
    help = (
        "Export flags of one environment in the format of Unleash's "
        "POST /api/admin/features-batch/export (features, featureStrategies, "
        "featureEnvironments, contextFields, featureTags, segments, tagTypes, dependencies). "
        "Load it elsewhere with `manage.py import_batch`. "
        "Example: manage.py export_batch --environment development --all -o export.json"
    )

    def add_arguments(self, parser):
        parser.add_argument("features", nargs="*", help="flag names to export")
        parser.add_argument("--environment", required=True, help="environment to export from")
        parser.add_argument("--tag", help="export the flags tagged type:value instead")
        parser.add_argument("--all", action="store_true", help="export every active flag")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, **opts):
        from flags.models import Feature

        names = opts["features"]
        if opts["all"]:
            names = list(Feature.objects.active().values_list("name", flat=True))
        body = {"environment": opts["environment"], "features": names or None}
        if opts["tag"]:
            body = {"environment": opts["environment"], "tag": opts["tag"]}
        try:
            query = parse_export_query({k: v for k, v in body.items() if v is not None})
            result = export_features(query)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        audit_export(result, environment=opts["environment"], actor=Actor.command("export_batch"))
        text = dumps(result)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text)
        self.stderr.write(f"exported {len(result['features'])} flag(s)")
