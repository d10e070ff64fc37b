"""The village tallies count VNeID activations (level 2) beside the accounts received, and
are recounted: with K8_VNEID_ACTIVATED_ONLY (the default) a household's VNeID counts for K8
once activated, on the day it was (households 0018 says which records are activated)."""

from django.db import migrations, models


def recount(apps, schema_editor):
    from reports.kpis import tallies

    Village = apps.get_model("teams", "Village")
    communes = Village.objects.order_by().values_list("commune_id", flat=True).distinct()
    for commune_id in sorted(communes):
        villages = Village.objects.filter(commune_id=commune_id).values_list("pk", flat=True)
        tallies.refresh(villages=list(villages), assignments=False, apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0012_skills_tallies"),
        ("households", "0019_vneid_received_and_activated"),
    ]

    operations = [
        migrations.AddField(
            model_name="villagetally",
            name="first_vneid_activated",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
