"""Check or rebuild the tallies behind the dashboard (reports/kpis/tallies.py).

    python manage.py tallies --check     # exit status 1 and the differences, if any
    python manage.py tallies --rebuild   # recount everything from the live rows

They are kept up to date on every write; a check after restoring a backup, or from a
nightly timer, confirms it. Only counts are printed, never a resident's data.
"""

from django.core.management.base import BaseCommand, CommandError

from reports.kpis import tallies


class Command(BaseCommand):
    help = "Check (--check) or recount (--rebuild) the dashboard's tallies."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true")
        action.add_argument("--rebuild", action="store_true")

    def handle(self, *args, check=False, rebuild=False, **options):
        if rebuild:
            tallies.rebuild()
            self.stdout.write(self.style.SUCCESS("tallies recounted"))
            return
        differences = tallies.differences()
        for line in differences[:50]:
            self.stdout.write(line)
        if differences:
            raise CommandError(
                f"{len(differences)} tally row(s) differ from the live data: "
                "run `manage.py tallies --rebuild`"
            )
        self.stdout.write(self.style.SUCCESS("tallies match the live data"))
