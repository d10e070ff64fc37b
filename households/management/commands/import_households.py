"""python manage.py import_households FILE.xlsx --village CODE [--dry-run] [--lookalikes ...]

The same path as the import page: the file is read, compared with the village's registry
(the preview), and written in one transaction only if every row is good. `--dry-run` prints
the preview and writes nothing. Rows that look like an existing household or like another
row of the file need a decision; a script gives it with `--lookalikes`:
  refuse (default)  nothing is saved while such rows exist; they are listed
  proposed          take the choice the preview proposes for each
  new               each is a different household (added)
  skip              each is left out

Its messages are in the portal's language (LANGUAGE_CODE, Vietnamese), the refusals too:
Django would print one after "CommandError: "; the command prints the message alone.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from binhdan.previews import ASK, NEW, SKIP, UPDATE, DecisionError
from binhdan.spreadsheets import SpreadsheetError
from households.imports import plan_household_import, read_household_file
from households.services import import_households
from teams.models import Village

LOOKALIKE_POLICIES = ("refuse", "proposed", "new", "skip")


class Command(BaseCommand):
    help = "Import households of one village from an Excel file (preview, then all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .xlsx file")
        parser.add_argument("--village", required=True, help="village code, e.g. LM01")
        parser.add_argument("--commune", help="commune code, when several communes share it")
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be done, save nothing"
        )
        parser.add_argument(
            "--lookalikes",
            choices=LOOKALIKE_POLICIES,
            default="refuse",
            help="what to do with rows that look like another household (default: refuse)",
        )

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as refusal:
            if not self._called_from_command_line or options.get("traceback"):
                raise  # call_command() callers catch the refusal itself
            self.stderr.write(str(refusal))
            sys.exit(refusal.returncode)

    def handle(self, *args, file, village, commune=None, dry_run=False, lookalikes, **options):
        villages = Village.objects.filter(code=village.strip().upper())
        if commune:
            villages = villages.filter(commune__code=commune.strip().upper())
        found = list(villages[:2])
        if not found:
            raise CommandError(_("No village with code %(code)s.") % {"code": village})
        if len(found) > 1:
            raise CommandError(
                _("Several communes have a village %(code)s: add --commune CODE.")
                % {"code": village}
            )
        try:
            payload = read_household_file(file)
        except (SpreadsheetError, OSError) as error:
            raise CommandError(str(error)) from None
        plan = plan_household_import(payload, found[0])
        self._print_preview(plan)
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(_("%(n)s error(s): nothing was saved.") % {"n": len(plan.errors)})
        asked = plan.with_action(ASK)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
            return
        if asked and lookalikes == "refuse":
            raise CommandError(
                _(
                    "%(n)s row(s) look like another household: nothing was saved. "
                    "Decide with --lookalikes proposed, new or skip."
                )
                % {"n": len(asked)}
            )
        choice = {"proposed": None, "new": NEW, "skip": SKIP}.get(lookalikes)
        decisions = {row.row: choice or row.proposed for row in asked}
        try:
            counts = import_households(plan, decisions, by=None)
        except DecisionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(village)s: %(created)s added, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(skipped)s skipped."
                )
                % {"village": found[0].code, **counts}
            )
        )

    def _print_preview(self, plan):
        write = self.stdout.write
        for cell in plan.columns_read:
            write(
                _("Column %(letter)s “%(text)s” read as %(taken)s")
                % {"letter": cell.letter, "text": cell.text, "taken": cell.taken_as}
            )
        for cell in plan.ignored:
            write(
                _("Column %(letter)s “%(text)s” ignored")
                % {"letter": cell.letter, "text": cell.text}
            )
        counts = plan.counts
        write(
            _(
                "To add: %(new)s; to update: %(update)s; unchanged: %(unchanged)s; "
                "to decide: %(ask)s."
            )
            % counts
        )
        for row in plan.with_action(UPDATE):
            changes = "; ".join(str(change) for change in row.changes)
            write(
                _("Row %(row)s updates %(code)s: %(changes)s")
                % {"row": row.row, "code": row.record.code, "changes": changes}
            )
        for row in plan.with_action(ASK):
            write(
                _("Row %(row)s (%(name)s) looks like: %(reasons)s; proposed: %(choice)s")
                % {
                    "row": row.row,
                    "name": row.values["head_name"],
                    "reasons": "; ".join(row.reasons),
                    "choice": next(c.label for c in row.choices if c.value == row.proposed),
                }
            )
