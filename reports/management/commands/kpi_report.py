"""Print the KPIs (K1-K10) of a scope and a quarter, or write its quarterly report file.

    python manage.py kpi_report --quarter 2026Q4 [--village LM01 | --commune-team] --format json
    python manage.py kpi_report --quarter 2026Q4 [--village LM01] --format pdf|xlsx -o FILE

JSON goes to standard output. PDF and Excel are the quarterly report of the village team
(--village) or of the commune, exactly as the report page downloads them: from the frozen
snapshot once the report is submitted (or sent), from live figures while it is a draft.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from binhdan.quarters import Quarter, quarter_in_plan
from reports.kpis.queries import compute_kpis
from reports.kpis.scopes import Scope, ScopeKind
from reports.reporting import exports, pdf, workflow
from reports.reporting.documents import ReportDocument
from teams.models import Commune, Village


def write_json(report: dict, stdout) -> None:
    stdout.write(json.dumps(report, ensure_ascii=False, indent=2))


def _document(scope: Scope, quarter: Quarter) -> ReportDocument:
    if scope.kind == ScopeKind.COMMUNE_TEAM:
        raise CommandError("a report file is for a village team (--village) or the commune")
    report = workflow.report_for(scope.commune, quarter, scope.village)
    return ReportDocument(report, workflow.content_of(report), timezone.localdate())


#: Report files: name -> renderer(document) -> bytes.
FORMATS = {
    "json": write_json,
    "pdf": lambda document: pdf.report_pdf(document),
    "xlsx": lambda document: exports.report_xlsx(document),
}


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
        parser.add_argument("-o", "--output", help="the file to write (required for pdf, xlsx)")

    def handle(self, *args, **options):
        try:
            quarter = (
                quarter_in_plan(options["quarter"], timezone.localdate())
                if options["quarter"]
                else Quarter.containing(timezone.localdate())
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        scope = self._scope(options)
        if options["format"] != "json":
            if not options["output"]:
                raise CommandError(f"--format {options['format']} needs -o FILE")
            body = FORMATS[options["format"]](_document(scope, quarter))
            Path(options["output"]).write_bytes(body)
            self.stdout.write(f"{options['output']}: {len(body)} bytes")
            return
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
                for kpi in kpis.values()
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
