"""Running the data-quality rules for a report's scope and a quarter.

`check(scope, quarter)` runs every rule the commune has on, with its thresholds, and leaves out
the findings the office verified (the follow-up list). What it returns (`Check`) says what
blocks a team's submission and what needs the leader's explanation; `as_snapshot()` is what a
frozen report keeps of it. A fixed number of queries: two for the settings and the follow-up
list, one or two per rule.

`gate(report, explanation)` is the submission's check (reports/reporting/workflow.py): a
blocking finding refuses it with the list, a warning without an explanation refuses it too.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.quarters import Quarter
from reports.kpis import queries
from reports.kpis.scopes import Scope, ScopeKind
from reports.models import QualitySetting, Severity, VerifiedFinding
from reports.quality.rules import BY_CODE, MAX_ROWS, RULES, Area, Finding, Rule, Setting
from reports.transitions import TransitionRefused


@dataclass
class Result:
    rule: Rule
    setting: Setting
    findings: list[Finding]
    verified: list[tuple[Finding, VerifiedFinding]] = field(default_factory=list)
    shown: list[Finding] = field(default_factory=list)  # what a page lists of `findings`

    @property
    def truncated(self) -> bool:
        """The rule found more rows than it returns (`rules.MAX_ROWS`): "500+"."""
        return len(self.findings) + len(self.verified) >= MAX_ROWS

    @property
    def blocks(self) -> bool:
        return self.rule.severity == Severity.BLOCK and bool(self.findings)

    @property
    def warns(self) -> bool:
        return self.rule.severity == Severity.WARN and bool(self.findings)


@dataclass
class Check:
    scope: Scope
    quarter: Quarter
    results: list[Result]
    checked_at: object = None

    @property
    def blocking(self) -> list[Result]:
        return [r for r in self.results if r.blocks]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.warns]

    @property
    def findings(self) -> int:
        return sum(len(r.findings) for r in self.results)

    def as_snapshot(self, explanation: str = "") -> dict:
        """What a frozen report keeps: each rule's count, up to 20 of its rows, and the
        leader's explanation of the warnings."""
        return {
            "checked_at": timezone.localtime(self.checked_at).strftime("%d/%m/%Y %H:%M"),
            "explanation": explanation,
            "rules": [
                {
                    "code": r.rule.code,
                    "name": str(r.rule.name),
                    "severity": r.rule.severity,
                    "count": len(r.findings),
                    "more": r.truncated,
                    "verified": len(r.verified),
                    "rows": [f"{f.label}: {f.detail}" for f in r.findings[:20]],
                }
                for r in self.results
                if r.findings or r.verified
            ],
        }


def settings_of(commune) -> dict[str, Setting]:
    """Each rule as `commune` runs it (its defaults where the office changed nothing)."""
    stored = {s.code: s for s in QualitySetting.objects.filter(commune=commune)}
    result = {}
    for rule in RULES:
        row = stored.get(rule.code)
        result[rule.code] = Setting(
            enabled=row.enabled if row else True,
            threshold=(row.threshold if row and row.threshold is not None else rule.threshold),
            minimum=row.minimum if row else None,
            maximum=row.maximum if row else None,
        )
    return result


def area_of(scope: Scope, quarter: Quarter, today=None) -> Area:
    village_ids = (
        ()
        if scope.kind == ScopeKind.COMMUNE_TEAM
        else tuple(queries.scope_villages(scope).values_list("pk", flat=True))
    )
    return Area(
        commune_id=scope.commune.pk,
        village_ids=village_ids,
        team_ids=tuple(queries.scope_teams(scope).values_list("pk", flat=True)),
        quarter=quarter,
        today=today or timezone.localdate(),
    )


def check(scope: Scope, quarter: Quarter, *, codes=None, today=None) -> Check:
    """The findings of every rule `scope`'s commune has on (or of `codes`), less those the
    office verified."""
    area = area_of(scope, quarter, today)
    settings = settings_of(scope.commune)
    verified = {
        (v.code, v.key): v
        for v in VerifiedFinding.objects.filter(commune=scope.commune).select_related("verified_by")
    }
    results = []
    for rule in RULES:
        setting = settings[rule.code]
        if not setting.enabled or (codes and rule.code not in codes):
            continue
        found = rule.find(area, setting)
        result = Result(rule, setting, [])
        for finding in found:
            mark = verified.get((rule.code, finding.key))
            if mark is None:
                result.findings.append(finding)
            else:
                result.verified.append((finding, mark))
        results.append(result)
    return Check(scope, quarter, results, timezone.now())


class QualityRefused(TransitionRefused):
    """A submission the data-quality rules stop; the message lists why."""


def gate(report, explanation: str) -> Check:
    """Refuse a team's submission with a blocking finding, or with warnings and no
    explanation; the check otherwise (frozen into the report)."""
    from reports.reporting.workflow import scope_of

    found = check(scope_of(report), report.period)
    if found.blocking:
        raise QualityRefused(
            _(
                "The data-quality check stops this submission: %(rules)s. Correct the rows "
                "listed on the data-quality page, then submit again."
            )
            % {
                "rules": "; ".join(
                    f"{r.rule.code} {r.rule.name} ({len(r.findings)})" for r in found.blocking
                )
            }
        )
    if found.warnings and not explanation.strip():
        raise QualityRefused(
            _(
                "The data-quality check found warnings (%(rules)s): explain them in the "
                "comment before submitting."
            )
            % {"rules": ", ".join(r.rule.code for r in found.warnings)}
        )
    return found


__all__ = ["BY_CODE", "Check", "QualityRefused", "Result", "check", "gate", "settings_of"]
