"""K4 by quarter from the households' change history (DOMAIN.md: a past quarter counts who was
in charge on its last day).

The member tallies become, per village, member and quarter, the households taken charge of
less those handed over (reports/kpis/tallies.py). They are recounted from the history, so every
household must have its creation in it. Households written before the history was kept (or
by code that bypassed it) get a creation record dated at their `created_at`, with the values
of their oldest record, or today's values when they have none: the best the data knows.

The recount is a copy of reports/kpis/tallies.py as it was when this migration was written,
over the historical models (`apps`): later changes to that module cannot change what this
migration does.
"""

import datetime
from collections import Counter

from django.db import migrations, models
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncQuarter
from django.utils import timezone


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


# --- the tallies, counted as of this migration ----------------------------------------------

VNEID_PLATFORM = "vneid"
COLUMNS = ("first_reached", "first_adopted", "first_vneid")


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _first(queryset, field: str) -> Subquery:
    return Subquery(queryset.order_by(field).values(field)[:1])


def village_tallies(apps, village_ids: list[int]) -> list:
    """Each household's first reach, first essential platform and first VNeID, by village,
    priority and quarter."""
    Activity = apps.get_model("households", "CommunicationActivity")
    HouseholdPlatform = apps.get_model("households", "HouseholdPlatform")
    VillageTally = apps.get_model("reports", "VillageTally")
    village_wide = dict(
        Activity.villages.through.objects.filter(
            village_id__in=village_ids, communicationactivity__reaches_all_households=True
        )
        .order_by()
        .values("village_id")
        .annotate(first=Min("communicationactivity__date"))
        .values_list("village_id", "first")
    )
    named = Activity.households.through.objects
    visits = apps.get_model("households", "SupportVisit").objects
    platforms = HouseholdPlatform.objects.filter(household_id=OuterRef("pk"))
    households = (
        apps.get_model("households", "Household")
        .objects.filter(village_id__in=village_ids)
        .annotate(
            visited=_first(visits.filter(household_id=OuterRef("pk")), "date"),
            named=_first(named.filter(household_id=OuterRef("pk")), "communicationactivity__date"),
            adopted=_first(platforms.filter(platform__is_essential=True), "first_recorded_on"),
            vneid=_first(platforms.filter(platform__code=VNEID_PLATFORM), "first_recorded_on"),
        )
        .values_list(
            "village_id", "has_elderly", "has_no_device", "visited", "named", "adopted", "vneid"
        )
    )
    counts = Counter()
    for village_id, elderly, no_device, visited, named_on, adopted, vneid in households:
        reach_dates = [d for d in (visited, named_on, village_wide.get(village_id)) if d]
        first_reached = min(reach_dates) if reach_dates else None
        for column, date in zip(COLUMNS, (first_reached, adopted, vneid), strict=True):
            start = quarter_start(date) if date else None
            counts[(village_id, elderly or no_device, start, column)] += 1
    rows = {}
    for (village_id, priority, start, column), n in counts.items():
        key = (village_id, priority, start)
        if key not in rows:
            rows[key] = VillageTally(village_id=village_id, priority=priority, quarter_start=start)
        setattr(rows[key], column, n)
    return list(rows.values())


def member_tallies(apps, village_ids: list[int]) -> list:
    """Households taken in charge less those handed over, by village, member and quarter, from
    the households' change history."""
    history = apps.get_model("households", "HistoricalHousehold").objects
    versions = (
        history.filter(id__in=history.filter(village_id__in=village_ids).values("id"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "history_type", "village_id", "member_in_charge_id")
    )
    changes = Counter()
    counted_for = {}
    for household_id, recorded_at, kind, village_id, member_id in versions.iterator(
        chunk_size=5000
    ):
        now = (village_id, member_id) if kind != "-" and member_id is not None else None
        before = counted_for.get(household_id)
        if now != before:
            day = timezone.localtime(recorded_at, timezone.get_default_timezone()).date()
            start = quarter_start(day)
            if before is not None:
                changes[(*before, start)] -= 1
            if now is not None:
                changes[(*now, start)] += 1
        counted_for[household_id] = now
    members = set(
        apps.get_model("teams", "Member")
        .objects.filter(pk__in={member for _village, member, _start in changes})
        .values_list("pk", flat=True)
    )
    MemberTally = apps.get_model("reports", "MemberTally")
    villages = set(village_ids)
    return [
        MemberTally(village_id=village, member_id=member, quarter_start=start, change=n)
        for (village, member, start), n in changes.items()
        if n and village in villages and member in members
    ]


def team_tallies(apps, team_ids: list[int]) -> list:
    priority = Q(household__has_elderly=True) | Q(household__has_no_device=True)
    rows = (
        apps.get_model("households", "SupportVisit")
        .objects.filter(team_id__in=team_ids)
        .annotate(start=TruncQuarter("date"))
        .order_by()
        .values("team_id", "start")
        .annotate(visits=Count("pk"), to_priority=Count("pk", filter=priority))
    )
    TeamTally = apps.get_model("reports", "TeamTally")
    return [
        TeamTally(
            team_id=row["team_id"],
            quarter_start=row["start"],
            visits=row["visits"],
            visits_to_priority=row["to_priority"],
        )
        for row in rows
    ]


def rebuild(apps):
    """Every tally recounted, a commune at a time."""
    Village, Team = apps.get_model("teams", "Village"), apps.get_model("teams", "Team")
    for commune_id in apps.get_model("teams", "Commune").objects.values_list("pk", flat=True):
        village_ids = list(
            Village.objects.filter(commune_id=commune_id).values_list("pk", flat=True)
        )
        team_ids = list(Team.objects.filter(commune_id=commune_id).values_list("pk", flat=True))
        for name, count, ids, key in (
            ("VillageTally", village_tallies, village_ids, "village_id__in"),
            ("MemberTally", member_tallies, village_ids, "village_id__in"),
            ("TeamTally", team_tallies, team_ids, "team_id__in"),
        ):
            model = apps.get_model("reports", name)
            model.objects.filter(**{key: ids}).delete()
            model.objects.bulk_create(count(apps, ids))


def recount(apps, schema_editor):
    record_missing_creations(apps, schema_editor)
    rebuild(apps)


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
