"""`manage.py unlock_account USERNAME...`: clear the log-in lock-out of accounts, the
superuser's included (the Accounts page does not manage superusers), and record it in the
account log. A forgotten superuser password: `manage.py changepassword USERNAME`."""

from django.core.management.base import BaseCommand, CommandError

from teams.accounts import unlock_account
from teams.models import User


class Command(BaseCommand):
    help = "Unlock log-in accounts locked out after wrong passwords (any account, superusers too)."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+", metavar="USERNAME")

    def handle(self, *args, usernames, **options):
        accounts = {user.username: user for user in User.objects.filter(username__in=usernames)}
        unknown = [name for name in usernames if name not in accounts]
        if unknown:
            raise CommandError(f"No account with the user name: {', '.join(unknown)}")
        for username in usernames:
            removed = unlock_account(accounts[username], by=None)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{username}: unlocked ({removed} failed log-in record(s) cleared)."
                )
            )
