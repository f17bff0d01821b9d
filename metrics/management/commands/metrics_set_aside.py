"""Show (or drop) the metrics batches aggregation set aside, one JSON record per line."""

import json

from django.core.management.base import BaseCommand

from metrics import buffer


class Command(BaseCommand):
    help = (
        "Print the metrics batches (or entries) that aggregation could not apply and set "
        "aside, newest first; --clear drops them once inspected."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clear", action="store_true", help="drop the records afterwards")

    def handle(self, *args, **opts):
        records = buffer.set_aside_records()
        for record in records:
            self.stdout.write(json.dumps(record))
        if opts["clear"]:
            buffer.clear_set_aside()
            self.stderr.write(f"{len(records)} set-aside record(s) dropped")
