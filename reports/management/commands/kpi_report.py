"""Print the KPIs (K1-K10) of a scope and a quarter, for automation.

    python manage.py kpi_report --quarter 2026Q4 [--village LM01 | --commune-team] --format json

Formats are functions in FORMATS (name -> writer(report, stdout)); add pdf/xlsx there.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.quarters import Quarter
from reports.queries import compute_kpis
from reports.scopes import Scope
from teams.models import Commune, Village


def write_json(report: dict, stdout) -> None:
    stdout.write(json.dumps(report, ensure_ascii=False, indent=2))


FORMATS = {"json": write_json}


class Command(BaseCommand):
    help = "Print the KPIs K1-K10 of the commune, its team or one village team for a quarter."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="e.g. 2026Q4 (default: the current quarter)")
        parser.add_argument("--commune", help="commune code (default: the only commune)")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--village", help="village code: that village team's KPIs")
        where.add_argument(
            "--commune-team", action="store_true", help="the commune team's own KPIs"
        )
        parser.add_argument("--format", choices=sorted(FORMATS), default="json")

    def handle(self, *args, **options):
        try:
            quarter = (
                Quarter.parse(options["quarter"])
                if options["quarter"]
                else Quarter.containing(timezone.localdate())
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        scope = self._scope(options)
        kpis = compute_kpis(scope, quarter)
        report = {
            "quarter": str(quarter),
            "commune": scope.commune.code,
            "scope": str(scope.kind),
            "village": scope.village.code if scope.village else None,
            "kpis": [
                {
                    "code": kpi.code,
                    "label": str(kpi.label),
                    "value": kpi.value,
                    "target": kpi.target,
                    "unit": str(kpi.unit),
                    "status": str(kpi.status),
                }
                for kpi in kpis
            ],
        }
        FORMATS[options["format"]](report, self.stdout)

    def _scope(self, options) -> Scope:
        communes = Commune.objects.all()
        if options["commune"]:
            communes = communes.filter(code=options["commune"])
        if options["village"]:
            villages = Village.objects.filter(
                commune__in=communes, code=options["village"]
            ).select_related("commune")
            if len(villages) != 1:
                raise CommandError(f"no single village with code {options['village']!r}")
            return Scope.of_village(villages[0])
        if len(communes) != 1:
            raise CommandError("name the commune with --commune CODE")
        if options["commune_team"]:
            return Scope.commune_team(communes[0])
        return Scope.whole_commune(communes[0])
