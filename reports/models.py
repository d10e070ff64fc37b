"""Quarterly reports (báo cáo quý) of the village teams and of the commune, and their workflow.

A village team's report: draft → submitted → accepted, or → returned → submitted again.
The commune's report: draft → sent to the Department of Science and Technology.
Submitting (or sending) freezes `snapshot`, the report's content (reports/content.py): the
page, the PDF and the Excel of a submitted report are rendered from it, never from live
data. Transitions go through reports/workflow.py, which locks the row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.quarters import Quarter, deadline_status
from teams.models import Commune, Village


class ReportKind(models.TextChoices):
    VILLAGE = "village", _("Village team report")
    COMMUNE = "commune", _("Commune report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")
    SENT = "sent", _("Sent to the Department")


#: The statuses in which a report's narrative may still be edited (its figures are live).
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class QuarterlyReportQuerySet(models.QuerySet):
    def of_quarter(self, quarter: Quarter):
        return self.filter(year=quarter.year, quarter=quarter.number)


class QuarterlyReport(models.Model):
    """A quarterly report: of a village team (village set) or of the commune (village empty)."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="reports", verbose_name=_("commune")
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("village"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    results = models.TextField(_("results achieved"), blank=True)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    number = models.PositiveIntegerField(
        _("document number"),
        null=True,
        blank=True,
        help_text=_("The number in “Số: 05/BC-UBND”; empty to write it by hand."),
    )
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signer_title = models.CharField(
        _("signer's title"),
        max_length=100,
        blank=True,
        help_text=_("For example: PHÓ CHỦ TỊCH or TỔ TRƯỞNG"),
    )
    snapshot = models.JSONField(_("frozen content"), null=True, blank=True, editable=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuarterlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter", "kind", "village__code"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "quarter"],
                condition=models.Q(kind="village"),
                name="one_report_per_village_and_quarter",
            ),
            models.UniqueConstraint(
                fields=["commune", "year", "quarter"],
                condition=models.Q(kind="commune"),
                name="one_commune_report_per_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="village", village__isnull=False)
                | models.Q(kind="commune", village__isnull=True),
                name="report_kind_matches_village",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        where = self.village.name if self.village_id else self.commune.name
        return f"{where} · {self.period.label}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_commune(self) -> bool:
        return self.kind == ReportKind.COMMUNE

    @property
    def is_frozen(self) -> bool:
        return self.snapshot is not None and self.status not in EDITABLE

    @property
    def due(self):
        return (
            self.period.commune_report_due() if self.is_commune else self.period.team_report_due()
        )

    def deadline_status(self, today):
        return deadline_status(self.due, self.submitted_on, today)

    @property
    def number_label(self) -> str:
        """ "05/BC-UBND" (a number under 10 takes a leading 0); blank to write by hand."""
        suffix = "BC-UBND" if self.is_commune else "BC-TCNSCĐ"
        number = f"{self.number:02d}" if self.number else "\u00a0" * 6
        return f"{number}/{suffix}"


class ReportTransition(models.Model):
    """One step of a report's workflow: who moved it from which status to which, and why."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=10, choices=ReportStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=ReportStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")

    def __str__(self):
        return f"{self.report} · {self.from_status} → {self.to_status}"
