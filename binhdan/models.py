"""Cross-cutting records: the access log of residents' personal data."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teams.models import Commune, Village


class DataAccessLogQuerySet(models.QuerySet):
    def for_user(self, user):
        """The entries a user may read: those of the communes they see (binhdan.access)."""
        from binhdan.access import communes_for

        scope = models.Q(commune__in=communes_for(user))
        if user.is_authenticated and user.is_superuser:
            # A superuser (no commune of their own) also sees commune-less entries.
            scope |= models.Q(commune__isnull=True)
        return self.filter(scope)


class DataAccessLog(models.Model):
    """One export or download of residents' personal data (nhật ký truy cập dữ liệu cá nhân).

    Who, what, when, for which village and how many rows; never the data itself.
    Written only by `binhdan.audit.record_data_access`.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept when the account is later deleted, so that the log stays readable.
    username = models.CharField(_("user name"), max_length=150)
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("commune")
    )
    village = models.ForeignKey(
        Village, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("village")
    )
    what = models.CharField(_("what"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), null=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)

    objects = DataAccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        indexes = [models.Index(fields=["commune", "-at"])]

    def __str__(self):
        return f"{self.username} · {self.what}"


class ImportPreviewQuerySet(models.QuerySet):
    def live(self):
        return self.filter(expires_at__gt=timezone.now())


class ImportPreview(models.Model):
    """An uploaded spreadsheet, read and waiting for the user to confirm it (xem trước).

    Holds the rows as read, so that the preview survives a page reload and nothing is
    written to the registry before the user confirms. Bound to the user who uploaded it,
    and deleted once confirmed, cancelled or expired (it carries residents' personal data).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # "households" or "members"
    target_id = models.PositiveIntegerField()  # the village (households) or team (members)
    filename = models.CharField(max_length=255)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    objects = ImportPreviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("import waiting for confirmation")
        verbose_name_plural = _("imports waiting for confirmation")

    def __str__(self):
        return f"{self.kind} · {self.filename}"


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user):
        """The jobs a user may follow and download: only those they asked for themselves."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)


class ExportJob(models.Model):
    """An export too large to write during a request (tệp xuất chuẩn bị nền): queued by the
    export's URL, written by `manage.py run_jobs`, downloaded from its progress page by the
    user who asked for it, and deleted with its file once it expires (binhdan/jobs.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        """Why a job failed, as the user reads it: never a row's values."""

        ERROR = (
            "error",
            _(
                "The file could not be prepared. Ask for it again; if it fails again, tell the commune office."
            ),
        )
        INTERRUPTED = "interrupted", _("Preparing the file was interrupted. Ask for it again.")
        NOT_ALLOWED = "not_allowed", _("You may no longer export these rows.")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=30)  # a key of binhdan.jobs.EXPORTS
    parameters = models.JSONField(default=dict)  # the list's filters, as in its query string
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The village the list was filtered to (None: the user's whole scope), for the access log.
    village = models.ForeignKey(Village, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=100, blank=True)  # the name the download takes
    # The requester's language: the file's headers are in it, as inline.
    language = models.CharField(max_length=10, default="vi")
    failure = models.CharField(max_length=20, choices=Failure.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True)
    # Moved on with every chunk written: a running job left still is one whose worker died.
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField(db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export in the background")
        verbose_name_plural = _("exports in the background")
        indexes = [models.Index(fields=["status", "created_at"], name="export_job_queue")]

    def __str__(self):
        return f"{self.kind} · {self.get_status_display()}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("export_job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        """How far the file is written, 0 to 100."""
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, 100 * self.rows_done // self.rows_total)
