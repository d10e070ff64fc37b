"""K4 by quarter from the households' change history (DOMAIN.md: a past quarter counts who was
in charge on its last day).

The member tallies become, per village, member and quarter, the households taken charge of
less those handed over (reports/kpis/tallies.py). They are recounted from the history, so every
household must have its creation in it. Households written before the history was kept (or
by code that bypassed it) get a creation record dated at their `created_at`, with the values
of their oldest record, or today's values when they have none: the best the data knows.
"""

import datetime

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def record_missing_creations(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    History = apps.get_model("households", "HistoricalHousehold")
    tracked = [
        field.attname for field in History._meta.fields if not field.name.startswith("history_")
    ]
    created = History.objects.filter(id=OuterRef("id"), history_type="+")
    rows = []
    # Households with records but no creation among them: their oldest record, backdated.
    oldest = {}
    for record in History.objects.exclude(Exists(created)).order_by(
        "id", "history_date", "history_id"
    ):
        oldest.setdefault(record.id, record)
    for record in oldest.values():
        if record.created_at and record.created_at < record.history_date:
            rows.append(
                History(
                    **{name: getattr(record, name) for name in tracked},
                    history_date=record.created_at,
                    history_type="+",
                )
            )
    # Households without any record.
    recorded = History.objects.filter(id=OuterRef("pk"))
    for household in Household.objects.exclude(Exists(recorded)):
        rows.append(
            History(
                **{name: getattr(household, name) for name in tracked},
                history_date=household.created_at,
                history_type="+",
            )
        )
    History.objects.bulk_create(rows, batch_size=500)


def recount(apps, schema_editor):
    from reports.kpis import tallies

    record_missing_creations(apps, schema_editor)
    tallies.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_next_quarter_tasks"),
        ("households", "0006_ordering"),
        ("teams", "0005_ordering"),
    ]

    operations = [
        migrations.RemoveField(model_name="membertally", name="households"),
        migrations.AddField(
            model_name="membertally",
            name="quarter_start",
            field=models.DateField(default=datetime.date(2025, 10, 1)),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="membertally",
            name="change",
            field=models.IntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
