"""Quarterly reports (báo cáo quý) of the village teams and of the commune, and their workflow.

A village team's report: draft → submitted → accepted, or → returned → submitted again.
The commune's report: draft → sent to the Department of Science and Technology.
Submitting (or sending) freezes `snapshot`, the report's content (reports/reporting/content.py): the
page, the PDF and the Excel of a submitted report are rendered from it, never from live
data. Transitions go through the table of reports/reporting/workflow.py, run by the engine of
reports/transitions.py (which locks the row); the nominations' through reports/awards/workflow.py.

Its dates are the server's, never typed: `submitted_at` is the first submission (or the
sending), whose local day `submitted_on` the deadline judges; `frozen_at` the latest, when
the snapshot was built (a resubmission after a return builds it again). `document_date` is
the date printed on the document ("Liên Minh, ngày … tháng … năm …"): the day of the
latest submission, or for the commune report a day the office may choose between the day
it was frozen and today; it never changes the deadline's judgement.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binhdan.quarters import Quarter, deadline_status
from binhdan.search import SearchTextQuerySet
from binhdan.text import fold
from households.models import Household
from teams.models import Commune, Member, Team, Village


class ReportKind(models.TextChoices):
    VILLAGE = "village", _("Village team report")
    COMMUNE = "commune", _("Commune report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")
    SENT = "sent", _("Sent to the Department")
    RECEIVED = "received", _("Received by the Department")


#: The statuses in which a report's narrative may still be edited (its figures are live).
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class QuarterlyReportQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        """A village team's report in the villages the user sees (write=True: enters data
        in); the commune's report for those who look at the whole commune (write=True: and
        enter data in it). What each may do to a report is the workflow's capabilities."""
        from binhdan.access import communes_for, sees_whole_commune, villages_for

        villages = villages_for(user, write=write)
        scope = models.Q(kind=ReportKind.VILLAGE, village__in=villages)
        if sees_whole_commune(user) and (not write or villages.exists()):
            scope |= models.Q(kind=ReportKind.COMMUNE, commune__in=communes_for(user))
        return self.filter(scope)

    def without_snapshots(self):
        """The reports without their frozen content (a commune's runs to megabytes: a list
        of a province's reports reads none of it), with whether they have one."""
        return self.defer("snapshot").annotate(
            has_snapshot=models.ExpressionWrapper(
                models.Q(snapshot__isnull=False), output_field=models.BooleanField()
            )
        )

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
    next_quarter = models.TextField(_("directions and tasks for the next quarter"), blank=True)
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
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)
    document_date = models.DateField(_("document date"), null=True, blank=True, editable=False)
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
        # A list of many reports may leave the snapshot out (`without_snapshots`) and say
        # only whether there is one.
        has_snapshot = getattr(self, "has_snapshot", None)
        if has_snapshot is None:
            has_snapshot = self.snapshot is not None
        return has_snapshot and self.status not in EDITABLE

    @property
    def due(self):
        return (
            self.period.commune_report_due() if self.is_commune else self.period.team_report_due()
        )

    def deadline_status(self, today):
        return deadline_status(self.due, self.submitted_on, today)

    @property
    def frozen_on(self) -> datetime.date | None:
        """The day the snapshot was built (the latest submission), as the server saw it."""
        if self.frozen_at:
            return timezone.localdate(self.frozen_at)
        if self.snapshot:  # frozen before frozen_at was kept: the content says when
            return datetime.date.fromisoformat(self.snapshot["generated_on"])
        return None

    @property
    def was_resubmitted(self) -> bool:
        """Submitted again after a return: frozen at another time than first submitted (a
        report from before these times were kept has neither until it is submitted again)."""
        return self.frozen_at is not None and self.frozen_at != self.submitted_at

    @property
    def number_label(self) -> str:
        """ "05/BC-UBND" (a number under 10 takes a leading 0); blank to write by hand."""
        suffix = "BC-UBND" if self.is_commune else "BC-TCNSCĐ"
        number = f"{self.number:02d}" if self.number else "\u00a0" * 6
        return f"{number}/{suffix}"


class Transition(models.Model):
    """What every workflow's log (reports/transitions.py) records of a step besides the
    object and its two statuses: who took it, when, and why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class ReportTransition(Transition):
    """One step of a report's workflow: who moved it from which status to which, and why."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=10, choices=ReportStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=ReportStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")

    def __str__(self):
        return f"{self.report} · {self.from_status} → {self.to_status}"


class SignedCopy(models.Model):
    """A signed copy of a report (bản ký): the PDF the office or the village's leader uploads
    once the report is signed, on paper and scanned or with a digital certificate. Every copy
    is kept; the latest is the report's. The file lives in SIGNED_COPY_DIR under `path`; what
    a digital signature in it says of its signer is read once, on upload, without validating
    the certificate chain."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.PROTECT, related_name="signed_copies"
    )
    path = models.CharField(_("stored file"), max_length=200, unique=True)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    signatures = models.PositiveSmallIntegerField(_("digital signatures"), default=0)
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("signed copy")
        verbose_name_plural = _("signed copies")

    def __str__(self):
        return f"{self.report} · {self.sha256[:12]}"


# --- Emulation nominations (thi đua) ---


class Award(models.TextChoices):
    """The four emulation titles of the plan (DOMAIN.md)."""

    EXEMPLARY_TEAM = "exemplary_team", _("Exemplary team")
    PIONEER_CITIZEN = "pioneer_citizen", _("Pioneer digital citizen")
    DIGITAL_FAMILY = "digital_family", _("Exemplary digital family")
    ELECTRONIC_AREA = "electronic_area", _("Electronic residential area")


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SUBMITTED = "submitted", _("Submitted to the Department")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NominationQuerySet(SearchTextQuerySet):
    def for_user(self, user, *, write: bool = False):
        """The commune office manages its commune's nominations; leadership reads them all,
        a village leader reads those of their own village."""
        from binhdan.access import Capability, can, communes_for, sees_whole_commune, villages_for

        if write and not can(user, Capability.MANAGE_NOMINATIONS):
            return self.none()
        nominations = self.filter(commune__in=communes_for(user))
        if not sees_whole_commune(user):
            nominations = nominations.filter(village__in=villages_for(user))
        return nominations

    def current(self):
        return self.exclude(status=NominationStatus.WITHDRAWN)


class Nomination(models.Model):
    """An emulation nomination (đề nghị khen thưởng thi đua) for one year.

    The nominee depends on the title: a team (Tổ CNSCĐ tiêu biểu), a household (Gia đình số
    tiêu biểu), a village (Khu dân cư điện tử) or a resident named by name, with an optional
    household (Công dân số tiên phong). `village` is the nominee's village (None for the
    commune team): it decides which village leader may read the nomination.
    """

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("commune")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("title"), max_length=20, choices=Award.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("team"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("household"),
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("village"),
    )
    resident_name = models.CharField(_("resident's full name"), max_length=150, blank=True)
    nominee_name = models.CharField(_("nominee"), max_length=250, editable=False, default="")
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.PROPOSED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "category", "nominee_name"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        indexes = [models.Index(fields=["commune", "year", "category"])]

    def __str__(self):
        return f"{self.get_category_display()}: {self.nominee_name}"

    def save(self, *args, **kwargs):
        self.nominee_name = self.describe_nominee()
        self.search_text = fold(f"{self.nominee_name} {self.reason[:100]}")
        super().save(*args, **kwargs)

    def describe_nominee(self) -> str:
        if self.category == Award.EXEMPLARY_TEAM and self.team_id:
            return self.team.name
        if self.category == Award.DIGITAL_FAMILY and self.household_id:
            return _("Household of %(name)s") % {"name": self.household.head_name}
        if self.category == Award.ELECTRONIC_AREA and self.village_id:
            return self.village.name
        return self.resident_name or self.nominee_name

    @property
    def is_open(self) -> bool:
        return self.status == NominationStatus.PROPOSED

    def clean(self):
        """Each title names its own kind of nominee, of the nomination's commune; the rest is
        cleared so that a nomination never names two nominees."""
        super().clean()
        errors = {}
        commune_id = self.commune_id
        if self.category != Award.EXEMPLARY_TEAM:
            self.team = None
        if self.category not in (Award.DIGITAL_FAMILY, Award.PIONEER_CITIZEN):
            self.household = None
        if self.category != Award.PIONEER_CITIZEN:
            self.resident_name = ""
        if self.category == Award.EXEMPLARY_TEAM:
            if not self.team_id:
                errors["team"] = _("Choose the team nominated.")
            elif self.team.commune_id != commune_id:
                errors["team"] = _("The team is not a team of this commune.")
            else:
                self.village_id = self.team.village_id
        elif self.category == Award.DIGITAL_FAMILY:
            if not self.household_id:
                errors["household"] = _("Choose the household nominated.")
            elif self.household.village.commune_id != commune_id:
                errors["household"] = _("The household is not in this commune.")
            else:
                self.village_id = self.household.village_id
        elif self.category == Award.ELECTRONIC_AREA:
            if not self.village_id:
                errors["village"] = _("Choose the village nominated.")
            elif self.village.commune_id != commune_id:
                errors["village"] = _("The village is not in this commune.")
        elif self.category == Award.PIONEER_CITIZEN:
            self.resident_name = " ".join(self.resident_name.split())
            if not self.resident_name:
                errors["resident_name"] = _("Write the resident's full name.")
            if self.household_id:
                if self.household.village.commune_id != commune_id:
                    errors["household"] = _("The household is not in this commune.")
                else:
                    self.village_id = self.household.village_id
            if not self.village_id:
                errors["village"] = _("Choose the resident's village.")
            elif self.village.commune_id != commune_id:
                errors["village"] = _("The village is not in this commune.")
        if not errors and self._duplicate().exists():
            errors["__all__"] = _("This nominee is already nominated for this title this year.")
        if errors:
            raise ValidationError(errors)

    def _duplicate(self):
        same = Nomination.objects.current().filter(
            commune_id=self.commune_id, year=self.year, category=self.category
        )
        if self.category == Award.EXEMPLARY_TEAM:
            same = same.filter(team_id=self.team_id)
        elif self.category == Award.DIGITAL_FAMILY:
            same = same.filter(household_id=self.household_id)
        elif self.category == Award.ELECTRONIC_AREA:
            same = same.filter(village_id=self.village_id)
        else:
            same = same.filter(village_id=self.village_id, resident_name__iexact=self.resident_name)
        return same.exclude(pk=self.pk)

    def submit(self, user) -> None:
        """Proposed → submitted to the Department (Sở KH&CN / the emulation council)."""
        self._step("gui-so", user)

    def withdraw(self, user) -> None:
        """Proposed or submitted → withdrawn; it stays in the list as withdrawn."""
        self._step("rut", user)

    def _step(self, name: str, user) -> None:
        """A step of reports/awards/workflow.py's table, for callers that have decided who
        acts (the demo); the pages ask the engine with the user's capability."""
        from reports.awards.workflow import NOMINATIONS

        done = NOMINATIONS.perform(self, name, user, check_access=False)
        self.status = done.status
        self.status_changed_by, self.status_changed_at = user, done.status_changed_at


class NominationTransition(Transition):
    """One change of a nomination's status: who moved it from which status to which, when."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=NominationStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=NominationStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("nomination transition")
        verbose_name_plural = _("nomination transitions")

    def __str__(self):
        return f"{self.nomination} · {self.from_status} → {self.to_status}"


# --- tallies: counts kept up to date on every write (reports/kpis/tallies.py) ----------------


class TeamTally(models.Model):
    """A team's support visits (lượt hỗ trợ) dated in a quarter, those to priority households,
    and the people they helped (the year review's "people helped", read here, not summed over
    every visit).

    Kept by reports/kpis/tallies.py on every write, so that the dashboard sums a few rows per team
    instead of counting visits.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    quarter_start = models.DateField()
    visits = models.PositiveIntegerField(default=0)
    visits_to_priority = models.PositiveIntegerField(default=0)
    people_helped = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "quarter_start"], name="unique_team_tally")
        ]

    def __str__(self):
        return f"{self.team_id} {self.quarter_start}: {self.visits}"


class MemberVisitTally(models.Model):
    """A member's support visits for a team dated in a quarter: the team's tally (TeamTally)
    by member, written by the same refresh (reports/kpis/tallies.py). The data-quality rule on
    unusual numbers of visits (reports/quality/rules.py) reads a member's last five quarters
    here instead of grouping every visit of the commune, and the rule on busy days the members'
    busiest days."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    quarter_start = models.DateField()
    visits = models.PositiveIntegerField(default=0)
    # The most of them logged on one day: the rule on busy days reads the days of the members
    # above its threshold only.
    busiest_day = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "member", "quarter_start"], name="unique_member_visit_tally"
            )
        ]

    def __str__(self):
        return f"{self.member_id} for {self.team_id}, {self.quarter_start}: {self.visits}"


class VillageDuplicateTally(models.Model):
    """A village's keys shared by more than one of its households: the same head and address
    (match key), or the same head and phone. Only villages with such keys have a row. The
    data-quality rule on possible duplicate households (reports/quality/rules.py, CL01) groups
    the households of these villages only, instead of every household of the commune. Kept by
    reports/kpis/tallies.py with the village's other tallies."""

    village = models.OneToOneField(Village, on_delete=models.CASCADE, related_name="+")
    shared_keys = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.village_id}: {self.shared_keys}"


class VillageTally(models.Model):
    """A village's households counted by the quarter in which each was first reached, first
    used an essential platform, received VNeID and activated it (a null quarter: not yet),
    apart for priority households (elderly or without a device).

    Each of the first four columns sums to the village's household count; the K11 columns
    sum to the village's adults and households with adults. Kept by reports/kpis/tallies.py.
    """

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="+")
    priority = models.BooleanField()
    quarter_start = models.DateField(null=True)
    first_reached = models.PositiveIntegerField(default=0)
    first_adopted = models.PositiveIntegerField(default=0)
    first_vneid = models.PositiveIntegerField(default=0)  # VNeID received (đã thu nhận)
    first_vneid_activated = models.PositiveIntegerField(default=0)  # activated (level 2)
    # K11, by the quarter in which the confirmation of basic digital skills was seen (a null
    # quarter: none seen): the adults recorded, those confirmed, the households with adults
    # recorded and those whose adults are all confirmed.
    adults = models.PositiveIntegerField(default=0)
    adults_skilled = models.PositiveIntegerField(default=0)
    households_with_adults = models.PositiveIntegerField(default=0)
    households_skilled = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.village_id} {self.quarter_start}: {self.first_reached}"


class MemberTally(models.Model):
    """Households of a village a member took charge of, less those they handed over, in a
    quarter (from the households' change history). Summed up to a quarter: the households
    the member was in charge of at its end (K4). Kept by reports/kpis/tallies.py with the
    village's other tallies."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    quarter_start = models.DateField()
    change = models.IntegerField()

    def __str__(self):
        return f"{self.member_id} in {self.village_id}, {self.quarter_start}: {self.change:+}"


# --- data quality (reports/quality/) ---------------------------------------------------------


class Severity(models.TextChoices):
    """What a data-quality rule's findings do to a team's submission."""

    BLOCK = "block", _("Blocks submission")
    WARN = "warn", _("Warning")


class QualitySetting(models.Model):
    """How a commune runs one data-quality rule (reports/quality/rules.py): on or off, and its
    threshold (a minimum and a maximum for the rules that take them). A rule without a row
    runs with its defaults. Every change is kept (`history`: who, when, what)."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="+", verbose_name=_("commune")
    )
    code = models.CharField(_("rule"), max_length=10)
    enabled = models.BooleanField(_("checked"), default=True)
    threshold = models.PositiveIntegerField(_("threshold"), null=True, blank=True)
    minimum = models.PositiveIntegerField(_("minimum"), null=True, blank=True)
    maximum = models.PositiveIntegerField(_("maximum"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data-quality rule setting")
        verbose_name_plural = _("data-quality rule settings")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="one_setting_per_rule")
        ]

    def __str__(self):
        return f"{self.commune_id} {self.code}"


class VerifiedFinding(models.Model):
    """The follow-up list: a finding the office checked ("đã xác minh") with a note, so that
    it stops being reported. `key` is the finding's (reports/quality/rules.py `Finding.key`)."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="+", verbose_name=_("commune")
    )
    code = models.CharField(_("rule"), max_length=10)
    key = models.CharField(max_length=100)
    note = models.CharField(_("note"), max_length=300)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verified finding")
        verbose_name_plural = _("verified findings")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code", "key"], name="verified_once")
        ]

    def __str__(self):
        return f"{self.code} {self.key}"


# --- Reminders (nhắc việc) ---


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in a user's notification list (thông báo): a reminder of a report to
    submit, send or correct, with the page where to do it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.text


class ReminderSent(models.Model):
    """A reminder already sent (`manage.py send_reminders`), by its key: the report, the
    step before the deadline ("d5", "d2", "d0") or the return it follows; so that a rerun
    sends nothing new."""

    key = models.CharField(_("reminder"), max_length=120, unique=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self):
        return self.key
