from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from reports.kpis import tallyguard

        # The tally guard (development and tests): a write to what the tallies count that
        # no service recounted fails at commit. Not a receiver of business data: it watches
        # the SQL of each connection.
        connection_created.connect(tallyguard.install, dispatch_uid="tally_guard")
        pre_migrate.connect(tallyguard.pause, dispatch_uid="tally_guard_pause")
        post_migrate.connect(tallyguard.resume, dispatch_uid="tally_guard_resume")
