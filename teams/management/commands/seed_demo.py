from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from teams.demo import DEMO_PASSWORD

# Each app seeds its own entities, in this order (later steps build on earlier ones).
# A step is a function that takes the commune (the first takes nothing and returns it).
STEPS = [
    "teams.demo.seed",
    "teams.demo.seed_teams",
    "teams.demo.seed_allowances",
    "households.demo.seed",
    "reports.reporting.demo.seed",
    "reports.reporting.demo.seed_province",  # the Department and two neighbouring communes
    "reports.awards.demo.seed",
    "reports.quality.demo.seed",  # after the reports' history: the slips are this quarter's
]


class Command(BaseCommand):
    help = "Fill the Liên Minh commune with realistic demo data (safe to run again)."

    def handle(self, *args, **options):
        commune = import_string(STEPS[0])()
        for step in STEPS[1:]:
            import_string(step)(commune)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready for {commune}. "
                f"Log in as vanphong, lanhdao, congan, totruong01, tovien01, sokhcn or admin; "
                f"password: {DEMO_PASSWORD}"
            )
        )
