"""Delete access-log entries older than ACCESS_LOG_KEEP_DAYS (or --days), for a nightly cron.

The access log (binhdan.models.DataAccessLog) records who downloaded residents' personal
data; it names staff and their IP addresses, so it is kept for a set time, not for ever.
The same run deletes import previews past their time (binhdan.models.ImportPreview: the
rows of an uploaded file nobody confirmed or cancelled).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from binhdan.models import DataAccessLog, ImportPreview


class Command(BaseCommand):
    help = "Delete access-log entries older than ACCESS_LOG_KEEP_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="keep this many days instead")

    def handle(self, *args, days=None, **options):
        days = settings.ACCESS_LOG_KEEP_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1")
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = DataAccessLog.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"deleted {deleted} access-log entries older than {days} days")
        previews, _ = ImportPreview.objects.filter(expires_at__lte=timezone.now()).delete()
        self.stdout.write(f"deleted {previews} expired import previews")
