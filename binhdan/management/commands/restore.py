from django.core.management.base import BaseCommand, CommandError

from binhdan import backups


class Command(BaseCommand):
    help = "Restore a file made by `manage.py backup` into the configured (empty) database."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--clean",
            action="store_true",
            help="replace what is in the database (default: refuse unless it is empty)",
        )

    def handle(self, *args, file, clean=False, **options):
        try:
            backups.restore(file, clean=clean)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"restored {file}"))
