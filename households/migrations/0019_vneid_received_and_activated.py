"""VNeID in two steps: received (đã thu nhận) and activated (đã kích hoạt, level 2).

Every VNeID record so far said only "uses VNeID" (`first_recorded_on`). The rule for the
records already there: a record becomes **activated** only where a support visit says so,
that is a visit to the household giving a VNeID kind of support that takes an activated
account: "Cài đặt, kích hoạt VNeID" (`vneid-kich-hoat`) or "Tích hợp giấy tờ cá nhân trên
VNeID" (`vneid-tich-hop`, papers are integrated in a level-2 account), of the household's
commune's catalogue. It is activated on the day of the earliest such visit, or on the day the
record was first made when that visit came earlier (a record is never activated before it was
received, and no past quarter's K8 rises because of this migration). Every other VNeID record
stays **received** only (activated_on empty). The VNeID platform is the one of code `vneid`
of each commune's catalogue (households.queries.VNEID_PLATFORM).

The KPI tallies are recounted by reports 0013, once the tallies have a column for
activations.
"""

import binhdan.dates
from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery

VNEID_PLATFORM = "vneid"
ACTIVATING_SUPPORT = ("vneid-kich-hoat", "vneid-tich-hop")


def activated_where_a_visit_says_so(apps, schema_editor):
    HouseholdPlatform = apps.get_model("households", "HouseholdPlatform")
    SupportVisit = apps.get_model("households", "SupportVisit")
    first_activation = (
        SupportVisit.objects.filter(
            household_id=OuterRef("household_id"),
            support_types__code__in=ACTIVATING_SUPPORT,
        )
        .order_by()
        .values("household_id")
        .annotate(first=Min("date"))
        .values("first")
    )
    records = HouseholdPlatform.objects.filter(platform__code=VNEID_PLATFORM).annotate(
        visit_on=Subquery(first_activation)
    )
    changed = []
    for record in records.filter(visit_on__isnull=False).iterator(chunk_size=2000):
        record.activated_on = max(record.visit_on, record.first_recorded_on)
        changed.append(record)
        if len(changed) >= 2000:
            HouseholdPlatform.objects.bulk_update(changed, ["activated_on"])
            changed = []
    HouseholdPlatform.objects.bulk_update(changed, ["activated_on"])


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0018_household_adults_and_skills'),
    ]

    operations = [
        migrations.AddField(
            model_name='householdplatform',
            name='activated_on',
            field=models.DateField(blank=True, null=True, validators=[binhdan.dates.validate_happened], verbose_name='activated on'),
        ),
        migrations.AddConstraint(
            model_name='householdplatform',
            constraint=models.CheckConstraint(condition=models.Q(('activated_on__isnull', True), ('activated_on__gte', models.F('first_recorded_on')), _connector='OR'), name='platform_activated_after_received'),
        ),
        migrations.RunPython(activated_where_a_visit_says_so, migrations.RunPython.noop),
    ]
