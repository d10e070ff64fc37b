"""The people a team's support visits helped in a quarter, kept on its tally (the year review
reads them there instead of summing every visit). The existing tallies are counted here, with
the historical models, rather than through reports/kpis/tallies.py, so that later changes to
that module cannot change what this migration does."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, TruncQuarter


def count_people_helped(apps, schema_editor):
    SupportVisit = apps.get_model("households", "SupportVisit")
    TeamTally = apps.get_model("reports", "TeamTally")
    people = (
        SupportVisit.objects.filter(team_id=OuterRef("team_id"))
        .annotate(start=TruncQuarter("date"))
        .filter(start=OuterRef("quarter_start"))
        .order_by()
        .values("team_id")
        .annotate(n=Sum("people_helped"))
        .values("n")
    )
    TeamTally.objects.update(people_helped=Coalesce(Subquery(people), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0015_first_reached_on"),
        ("reports", "0014_member_visit_tally"),
    ]

    operations = [
        migrations.AddField(
            model_name="teamtally",
            name="people_helped",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_people_helped, migrations.RunPython.noop),
    ]
