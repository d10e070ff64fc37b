"""Run the data-quality rules for scripts.

    python manage.py data_quality --quarter 2026Q4 [--village LM01] [--commune LIENMINH]
        [--format text|json]

The same rules, settings and follow-up list as the "Chất lượng dữ liệu" page
(reports/quality). Exit status 0; with --fail-on-block, 2 when a rule that blocks a team's
submission finds rows.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from binhdan.quarters import Quarter, quarter_in_plan
from reports.kpis.scopes import Scope
from reports.quality import engine
from teams.models import Commune, Village


class Command(BaseCommand):
    help = "Run the data-quality rules for a village or a commune and a quarter."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="for example 2026Q4 (default: the current one)")
        parser.add_argument("--village", help="the village's code, for example LM01")
        parser.add_argument("--commune", help="the commune's code (when there are several)")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--fail-on-block", action="store_true")

    def handle(self, *args, **options):
        translation.activate("vi")
        today = timezone.localdate()
        try:
            quarter = (
                quarter_in_plan(options["quarter"], today)
                if options["quarter"]
                else Quarter.containing(today)
            )
        except Exception as error:
            raise CommandError(f"Quý không hợp lệ: {options['quarter']}") from error
        communes = Commune.objects.all()
        if options["commune"]:
            communes = communes.filter(code=options["commune"])
        if communes.count() != 1:
            raise CommandError("Hãy chọn một xã bằng --commune MÃ_XÃ.")
        commune = communes.get()
        if options["village"]:
            village = Village.objects.filter(commune=commune, code=options["village"]).first()
            if village is None:
                raise CommandError(f"Không có thôn mã {options['village']} trong xã {commune}.")
            scope = Scope.of_village(village)
        else:
            scope = Scope.whole_commune(commune)
        found = engine.check(scope, quarter)
        if options["format"] == "json":
            self.stdout.write(json.dumps(_as_json(found), ensure_ascii=False, indent=2))
        else:
            self._text(found)
        if options["fail_on_block"] and found.blocking:
            raise SystemExit(2)

    def _text(self, found) -> None:
        self.stdout.write(f"{found.scope.label} · {found.quarter.label}")
        for result in found.results:
            rule = result.rule
            kind = "CHẶN" if rule.severity == "block" else "cảnh báo"
            self.stdout.write(f"{rule.code} [{kind}] {rule.name}: {len(result.findings)}")
            for finding in result.findings:
                self.stdout.write(f"  - {finding.label}: {finding.detail} ({finding.key})")


def _as_json(found) -> dict:
    return {
        "scope": str(found.scope.label),
        "quarter": str(found.quarter),
        "blocking": bool(found.blocking),
        "rules": [
            {
                "code": r.rule.code,
                "name": str(r.rule.name),
                "severity": r.rule.severity,
                "threshold": r.setting.threshold,
                "count": len(r.findings),
                "more": r.truncated,
                "verified": len(r.verified),
                "rows": [
                    {"key": f.key, "label": f.label, "detail": f.detail, "url": f.url}
                    for f in r.findings
                ],
            }
            for r in found.results
        ],
    }
