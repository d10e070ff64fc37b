"""The nominations' transition log (reports/awards/workflow.py), like the reports' one.

Nominations already submitted to the Department get the one step they certainly took
(proposed → submitted, by whom and when the nomination says). A withdrawn one may have been
submitted before: its history starts empty rather than with a step that may be wrong; the
list still shows who withdrew it and when.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def log_submissions(apps, schema_editor):
    Nomination = apps.get_model("reports", "Nomination")
    NominationTransition = apps.get_model("reports", "NominationTransition")
    NominationTransition.objects.bulk_create(
        NominationTransition(
            nomination=nomination,
            from_status="proposed",
            to_status="submitted",
            user_id=nomination.status_changed_by_id,
            at=nomination.status_changed_at,
        )
        for nomination in Nomination.objects.filter(
            status="submitted", status_changed_at__isnull=False
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_k4_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NominationTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(choices=[('proposed', 'Proposed'), ('submitted', 'Submitted to the Department'), ('withdrawn', 'Withdrawn')], max_length=20, verbose_name='from')),
                ('to_status', models.CharField(choices=[('proposed', 'Proposed'), ('submitted', 'Submitted to the Department'), ('withdrawn', 'Withdrawn')], max_length=20, verbose_name='to')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='reports.nomination')),
                ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
            ],
            options={
                'verbose_name': 'nomination transition',
                'verbose_name_plural': 'nomination transitions',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.RunPython(log_submissions, migrations.RunPython.noop),
    ]
