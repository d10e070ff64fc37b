"""Truthful report dates: when a report was submitted (or sent) and frozen, as the server saw
it, and the document date printed on it.

Existing reports keep the day their deadline was judged on (`submitted_on`). Their times
come from the transition log where it agrees with that day: the first submission (or the
sending) is `submitted_at`, the latest `frozen_at`. Where it does not (a commune report
marked sent with a typed date, the demo's history), they stay empty and the page shows the
day alone, as before. The date the office typed when sending (`sent_on`) stays the commune
report's document date; a village report's is the day of its latest submission.
"""

import django.utils.timezone
from django.db import migrations, models
from django.utils import timezone

FREEZING = ("submitted", "sent")


def fill_dates(apps, schema_editor):
    QuarterlyReport = apps.get_model("reports", "QuarterlyReport")
    ReportTransition = apps.get_model("reports", "ReportTransition")
    times: dict[int, list] = {}
    for report_id, at in (
        ReportTransition.objects.filter(to_status__in=FREEZING)
        .exclude(from_status__in=FREEZING)
        .order_by("at", "pk")
        .values_list("report_id", "at")
    ):
        times.setdefault(report_id, []).append(at)
    for report in QuarterlyReport.objects.filter(pk__in=times):
        first, latest = times[report.pk][0], times[report.pk][-1]
        if timezone.localdate(first) == report.submitted_on:
            report.submitted_at, report.frozen_at = first, latest
        if report.kind == "village":
            report.document_date = (
                timezone.localdate(report.frozen_at) if report.frozen_at else report.submitted_on
            )
        report.save(update_fields=["submitted_at", "frozen_at", "document_date"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_tallies"),
    ]

    operations = [
        migrations.RenameField(
            model_name="quarterlyreport",
            old_name="sent_on",
            new_name="document_date",
        ),
        migrations.AlterField(
            model_name="quarterlyreport",
            name="document_date",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="document date"
            ),
        ),
        migrations.AddField(
            model_name="quarterlyreport",
            name="frozen_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="frozen at"
            ),
        ),
        migrations.AddField(
            model_name="quarterlyreport",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="submitted at"
            ),
        ),
        migrations.AlterField(
            model_name="reporttransition",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="at"),
        ),
        migrations.RunPython(fill_dates, migrations.RunPython.noop),
    ]
