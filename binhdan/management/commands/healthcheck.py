from django.core.management.base import BaseCommand, CommandError

from binhdan.health import database_problem


class Command(BaseCommand):
    help = "Check that the portal can reach its database (exit status 0 = healthy)."

    def handle(self, *args, **options):
        problem = database_problem()
        if problem:
            raise CommandError(f"database unavailable: {problem}")
        self.stdout.write("ok")
