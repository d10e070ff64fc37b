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
