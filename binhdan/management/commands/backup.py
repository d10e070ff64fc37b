from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from binhdan import backups


class Command(BaseCommand):
    help = (
        "Back up the whole database to BACKUP_DIR (PostgreSQL: pg_dump custom format; "
        "SQLite: online backup). The file holds personal data: keep it safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: BACKUP_DIR/binhdan-DATE)")
        parser.add_argument(
            "--keep", type=int, default=0, help="then delete all but the N newest backups"
        )

    def handle(self, *args, output=None, keep=0, **options):
        path = Path(output) if output else backups.default_path(settings.BACKUP_DIR)
        try:
            backups.backup(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(path))
        if keep > 0:
            for old in backups.prune(path.parent, keep):
                self.stdout.write(f"deleted {old}")
