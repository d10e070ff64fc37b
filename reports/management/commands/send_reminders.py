"""Send the reminders due today (reports/reminders.py); run daily from cron."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from reports.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the report reminders due today: notifications, and e-mails when set up."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run as, yyyy-mm-dd (default: today)")

    def handle(self, *args, date=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date must be yyyy-mm-dd, got {date!r}") from None
        sent = send_reminders(day)
        self.stdout.write(f"{sent} reminder(s) sent")
