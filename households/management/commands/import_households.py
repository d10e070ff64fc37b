"""python manage.py import_households FILE.xlsx --village CODE [--commune CODE]

The same rules as the import page: nothing is saved unless every row is good.
"""

from django.core.management.base import BaseCommand, CommandError

from binhdan.spreadsheets import SpreadsheetError
from households.imports import import_households
from teams.models import Village


class Command(BaseCommand):
    help = "Import households of one village from an Excel file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .xlsx file")
        parser.add_argument("--village", required=True, help="village code, e.g. LM01")
        parser.add_argument("--commune", help="commune code, when several communes share it")

    def handle(self, *args, file, village, commune=None, **options):
        villages = Village.objects.filter(code=village.strip().upper())
        if commune:
            villages = villages.filter(commune__code=commune.strip().upper())
        found = list(villages[:2])
        if not found:
            raise CommandError(f"No village with code {village}.")
        if len(found) > 1:
            raise CommandError(f"Several communes have a village {village}: add --commune CODE.")
        try:
            outcome = import_households(file, found[0])
        except (SpreadsheetError, OSError) as error:
            raise CommandError(str(error)) from None
        if not outcome.ok:
            for error in outcome.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(outcome.errors)} error(s): nothing was saved.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{found[0].code}: {outcome.created} created, {outcome.updated} updated, "
                f"{outcome.unchanged} unchanged."
            )
        )
