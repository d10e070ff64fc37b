"""Tallies: the counts behind the dashboard, kept up to date on every write.

Counting 40,000 households and 240,000 visits on every page view makes the dashboard's time
grow with the commune. Instead, small tables (reports.models) hold, per team and quarter, its
support visits and the people they helped (TeamTally) and each member's share of them
(MemberVisitTally, read by the data-quality rules); per village, its households by the quarter in which each was
first reached and first used an essential platform (VillageTally) and the keys its
households share (VillageDuplicateTally, read by the rule on possible duplicates), and per
member, the households they took charge of less those they handed over in each quarter
(MemberTally).
The KPI queries sum a few rows per team, village or member (reports/kpis/queries.py).

K4 of a closed quarter counts who was in charge on its last day, not today (DOMAIN.md): the
member tallies come from the households' change history (django-simple-history; the
services write in bulk with it too), each change dated by the local day it was recorded.
The sum of a member's rows up to a quarter is what the history said at that quarter's end;
up to the running quarter, today's assignments. A reassignment today only writes a row of
today's quarter, so closed quarters keep their figures. Deleting a household leaves its
history (its personal data blanked, households.services.delete_household) and records the
deletion: it still counts for the quarters it was in charge in.

A refresh never adds or subtracts: it recomputes the tallies of whole villages and teams from
the live rows. It runs in the writer's transaction after the write, holding a lock on the rows of
the villages and teams it recounts (nothing wider: two villages of a commune are written at
once), so that two writers cannot leave a count that misses the other's row (the second
refresh waits for the first to commit, then reads both). A visit saved or deleted recounts
its team's tally for the visit's quarter only, and its village's households (a few hundred)
only when it can move the household's first reach (a visit to a household reached before
cannot): its time does not grow with the team's history nor with the commune.

Two values are kept on single rows, checked and mended with the tallies: each household's
first reach (`Household.first_reached_on`, written by the village refresh) and each visit's
mark of helping more people than its household has (`SupportVisit.over_household_size`, set
by `save_visit` and written again by `mark_over_size()` after a household's size changes).

Who calls it: the services that write what the tallies count, explicitly and for exactly
the villages and teams the write touched, in the write's transaction:
households/services.py (households, visits, platform records, communication activities,
the platform catalogue, imports, assignment) and teams/services.py (deleting a member, a
team or a village). Bulk writers that are not services (the demo data, the benchmark's
synthetic commune) call `refresh()` themselves once at the end. A write that forgot is
caught by the tally guard (reports/kpis/tallyguard.py) at commit, in development and in tests.
`rebuild()` recomputes everything (the migration that created the tables and `manage.py
tallies --rebuild`); `differences()` compares what is stored with a recomputation
(`manage.py tallies --check`).

The functions take an `apps` registry so that the migration can run them on its models.
"""

import operator
from collections import Counter
from collections.abc import Iterable
from functools import reduce
from types import SimpleNamespace

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from binhdan.bulk import update_rows
from binhdan.quarters import Quarter
from households import queries as household_queries
from reports.kpis import tallyguard

COLUMNS = ("first_reached", "first_adopted", "first_vneid", "first_vneid_activated")
#: K11's columns, summed by the quarter the confirmation of skills was seen.
SKILLS_COLUMNS = ("adults", "adults_skilled", "households_with_adults", "households_skilled")


def _models(apps):
    get = apps.get_model
    return SimpleNamespace(
        Commune=get("teams", "Commune"),
        Village=get("teams", "Village"),
        Team=get("teams", "Team"),
        Household=get("households", "Household"),
        HouseholdPlatform=get("households", "HouseholdPlatform"),
        SupportVisit=get("households", "SupportVisit"),
        CommunicationActivity=get("households", "CommunicationActivity"),
        TeamTally=get("reports", "TeamTally"),
        VillageTally=get("reports", "VillageTally"),
        MemberTally=get("reports", "MemberTally"),
        MemberVisitTally=_optional(apps, "reports", "MemberVisitTally"),
        VillageDuplicateTally=_optional(apps, "reports", "VillageDuplicateTally"),
        Member=get("teams", "Member"),
        HistoricalHousehold=get("households", "HistoricalHousehold"),
    )


def _optional(apps, app_label: str, name: str):
    """A model the migrations before it (which run these functions on their own models) do
    not have yet: None there."""
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def refresh(
    *,
    villages=(),
    teams=(),
    assignments=True,
    visit_days=(),
    visited_households=None,
    apps=global_apps,
) -> None:
    """Recompute the tallies of these villages and teams (ids; None is ignored).

    `assignments=False`: the write changed no household row (a visit, a platform record, a
    communication activity), so neither who is in charge of one nor the keys look-alike
    households share: the member tallies (recounted from the households' history) and the
    shared keys are left as they are (a platform's flags switched recounts every village of
    the installation, which need not group every household again).
    `visit_days`: the write changed only visits dated on these days (a visit saved or
    deleted: its date, before and after): the teams' tallies are recounted for the quarters
    of these days only, not over every visit the team ever logged.
    `visited_households`: moreover, the write changed nothing of the villages' households but
    visits to these households on `visit_days` (a visit saved or deleted without platforms):
    the villages are recounted only if one of those households' first reach can move (none
    yet, or a day on or before it); a visit to a household reached before changes only its
    team's tally. The first reach is read under the villages' lock, after any writer that
    recounted them before has committed.
    """
    village_ids = sorted({pk for pk in villages if pk is not None})
    team_ids = sorted({pk for pk in teams if pk is not None})
    tallyguard.clear()  # the writer has said what its write touched
    if not village_ids and not team_ids:
        return
    m = _models(apps)
    # Inside the writer's transaction, no savepoint of its own: a failed recount fails the
    # write with it.
    with transaction.atomic(savepoint=False):
        # The locks that make concurrent refreshes of a village or a team wait for each other
        # (the second recount reads the first one's rows once it has committed), and nothing
        # wider: visits saved in two villages of a commune do not wait for each other. Always
        # villages, then teams, each by id, so that two writers cannot lock in opposite order.
        list(
            m.Village.objects.select_for_update()
            .filter(pk__in=village_ids)
            .order_by("pk")
            .values_list("pk")
        )
        list(
            m.Team.objects.select_for_update()
            .filter(pk__in=team_ids)
            .order_by("pk")
            .values_list("pk")
        )
        reach_stays = visited_households is not None and not _reach_can_move(
            m, visited_households, visit_days
        )
        if reach_stays:
            village_ids = []
        if village_ids:
            first_reached = {}
            m.VillageTally.objects.filter(village_id__in=village_ids).delete()
            m.VillageTally.objects.bulk_create(_village_tallies(m, village_ids, first_reached))
            _store_first_reached(m, village_ids, first_reached)
            if assignments:
                m.MemberTally.objects.filter(village_id__in=village_ids).delete()
                m.MemberTally.objects.bulk_create(_member_tallies(m, village_ids))
                _store_duplicates(m, village_ids)
        if team_ids:
            quarters = sorted({Quarter.containing(day) for day in visit_days if day})
            stored = m.TeamTally.objects.filter(team_id__in=team_ids)
            if quarters:
                stored = stored.filter(quarter_start__in=[q.first_day for q in quarters])
            by_team, by_member = _visit_tallies(m, team_ids, quarters)
            stored.delete()
            m.TeamTally.objects.bulk_create(by_team)
            if m.MemberVisitTally is not None:
                stored = m.MemberVisitTally.objects.filter(team_id__in=team_ids)
                if quarters:
                    stored = stored.filter(quarter_start__in=[q.first_day for q in quarters])
                stored.delete()
                m.MemberVisitTally.objects.bulk_create(by_member)


def _reach_can_move(m, household_ids, days) -> bool:
    """Whether visits on `days` to these households can change when one was first reached."""
    if not _stores_first_reached(m):
        return True
    days = [day for day in days if day]
    household_ids = [pk for pk in household_ids if pk is not None]
    firsts = m.Household.objects.filter(pk__in=household_ids).values_list(
        "first_reached_on", flat=True
    )
    return any(first is None or any(day <= first for day in days) for first in firsts)


def teams_visiting(households, apps=global_apps) -> list[int]:
    """The teams with support visits to these households (their priority counts depend on
    the households' priority flags)."""
    visits = _models(apps).SupportVisit.objects.filter(household__in=households)
    return list(visits.order_by().values_list("team_id", flat=True).distinct())


def refresh_commune(commune_id: int, apps=global_apps) -> None:
    m = _models(apps)
    refresh(
        villages=m.Village.objects.filter(commune_id=commune_id).values_list("pk", flat=True),
        teams=m.Team.objects.filter(commune_id=commune_id).values_list("pk", flat=True),
        apps=apps,
    )


def rebuild(apps=global_apps) -> None:
    """Recompute every tally, a commune at a time, and mark again the visits that help more
    people than their household has where they say otherwise."""
    tallyguard.clear()
    m = _models(apps)
    if _marks_over_size(m):
        with transaction.atomic():
            mark_over_size(m.SupportVisit.objects.all(), apps)
            tallyguard.clear()  # no tally counts the marks
    for commune_id in m.Commune.objects.order_by("pk").values_list("pk", flat=True):
        refresh_commune(commune_id, apps)


def mark_over_size(visits, apps=global_apps) -> None:
    """Store on `visits` (a queryset) whether each helps more people than its household has
    (`SupportVisit.over_household_size`), writing only the marks that change: a registry
    re-imported changes the size of thousands of households, most of whose visits stay as they
    were. The services call it after a change of the households' size, under the lock the
    rows' update holds."""
    household = apps.get_model("households", "Household")
    household_queries.marked_wrongly(visits, household).update(
        over_household_size=household_queries.over_household_size(household)
    )


#: Each tally: its model, the fields that identify a row, the fields that count.
KEYS = {
    "VillageTally": (("village_id", "priority", "quarter_start"), COLUMNS + SKILLS_COLUMNS),
    "MemberTally": (("village_id", "member_id", "quarter_start"), ("change",)),
    "TeamTally": (
        ("team_id", "quarter_start"),
        ("visits", "visits_to_priority", "people_helped"),
    ),
    "MemberVisitTally": (("team_id", "member_id", "quarter_start"), ("visits", "busiest_day")),
    "VillageDuplicateTally": (("village_id",), ("shared_keys",)),
}


def differences(apps=global_apps) -> list[str]:
    """What the stored tallies get wrong, compared with a recomputation (empty: all right)."""
    m = _models(apps)
    village_ids = list(m.Village.objects.values_list("pk", flat=True))
    first_reached = {}
    by_team, by_member = _visit_tallies(m, list(m.Team.objects.values_list("pk", flat=True)))
    counted = {
        "VillageTally": _village_tallies(m, village_ids, first_reached),
        "MemberTally": _member_tallies(m, village_ids),
        "TeamTally": by_team,
        "MemberVisitTally": by_member,
        "VillageDuplicateTally": (
            _duplicate_tallies(m, village_ids) if m.VillageDuplicateTally is not None else []
        ),
    }
    found = []
    for name, (key, values) in KEYS.items():
        if getattr(m, name) is None:
            continue

        def by_key(rows, key=key, values=values):
            return {
                tuple(getattr(r, f) for f in key): tuple(getattr(r, f) for f in values)
                for r in rows
            }

        stored = by_key(getattr(m, name).objects.all())
        fresh = by_key(counted[name])
        for row in sorted(stored.keys() | fresh.keys(), key=str):
            if stored.get(row) != fresh.get(row):
                found.append(f"{name} {row}: stored {stored.get(row)}, counted {fresh.get(row)}")
    if _marks_over_size(m):
        wrong = household_queries.marked_wrongly(m.SupportVisit.objects.all(), m.Household)
        for pk, stored in wrong.order_by("pk").values_list("pk", "over_household_size"):
            found.append(
                f"SupportVisit {pk} over its household's size: stored {stored}, "
                f"counted {not stored}"
            )
    if _stores_first_reached(m):
        stored = dict(m.Household.objects.values_list("pk", "first_reached_on"))
        for pk in sorted(pk for pk, date in first_reached.items() if stored.get(pk) != date):
            found.append(
                f"Household {pk} first reached: stored {stored.get(pk)}, "
                f"counted {first_reached[pk]}"
            )
    return found


def _village_tallies(m, village_ids: list[int], first_reached_by: dict | None = None) -> list:
    """Each household's first reach (a support visit, a communication activity naming it or
    reaching every household of its village), first essential platform (K8: VNeID once
    activated, households.queries.counts_for_k8), VNeID received and VNeID activated, counted
    by village, priority and quarter; and its adults and those with confirmed basic digital
    skills (K11), summed by the quarter the confirmation was seen. `first_reached_by`, when
    given, receives each household's first reach: {household id: date or None}."""
    tally_columns = {f.name for f in m.VillageTally._meta.get_fields()}
    households, village_wide = household_queries.first_dates(
        village_ids,
        skills=_has_field(m.Household, "adults"),
        vneid_steps=_has_field(m.HouseholdPlatform, "activated_on"),
    )
    counts = Counter()
    for row in households:
        village_id, elderly, no_device, visited, named_on, adopted, vneid, pk, *more = row
        adults, skilled, seen_on, vneid_activated = more
        priority = elderly or no_device
        reach_dates = [d for d in (visited, named_on, village_wide.get(village_id)) if d]
        first_reached = min(reach_dates) if reach_dates else None
        if first_reached_by is not None:
            first_reached_by[pk] = first_reached
        dates = (first_reached, adopted, vneid, vneid_activated)
        for column, date in zip(COLUMNS, dates, strict=True):
            if column not in tally_columns:
                continue  # a migration older than the column
            start = Quarter.containing(date).first_day if date else None
            counts[(village_id, priority, start, column)] += 1
        if adults:
            start = Quarter.containing(seen_on).first_day if seen_on else None
            skilled = skilled or 0
            for column, n in zip(
                SKILLS_COLUMNS, (adults, skilled, 1, int(skilled == adults)), strict=True
            ):
                if n:
                    counts[(village_id, priority, start, column)] += n
    rows = {}
    for (village_id, priority, start, column), n in counts.items():
        key = (village_id, priority, start)
        if key not in rows:
            rows[key] = m.VillageTally(
                village_id=village_id, priority=priority, quarter_start=start
            )
        setattr(rows[key], column, n)
    return list(rows.values())


def _duplicate_tallies(m, village_ids: list[int]) -> list:
    """The keys shared by more than one household of each of these villages (the same head
    and address, or the same head and phone), for the villages that have any (two grouped
    reads of an index)."""
    households = m.Household.objects.filter(village_id__in=village_ids)
    counts = Counter()
    for keys in household_queries.shared_keys(households):
        counts.update(village_id for village_id, *_key in keys)
    return [
        m.VillageDuplicateTally(village_id=village_id, shared_keys=n)
        for village_id, n in sorted(counts.items())
    ]


def _store_duplicates(m, village_ids: list[int]) -> None:
    if m.VillageDuplicateTally is None:
        return  # a migration older than the table
    m.VillageDuplicateTally.objects.filter(village_id__in=village_ids).delete()
    m.VillageDuplicateTally.objects.bulk_create(_duplicate_tallies(m, village_ids))


def fill_duplicates(apps=global_apps) -> None:
    """Count every village's shared keys (the migration that created the table)."""
    m = _models(apps)
    communes = m.Village.objects.order_by().values_list("commune_id", flat=True).distinct()
    for commune_id in sorted(communes):
        villages = m.Village.objects.filter(commune_id=commune_id).values_list("pk", flat=True)
        _store_duplicates(m, list(villages))


def _has_field(model, name: str) -> bool:
    """Whether `model` has the field `name`: the migrations run these functions on their own
    models, which may be older than a field."""
    return any(f.name == name for f in model._meta.get_fields())


def _marks_over_size(m) -> bool:
    """Whether the visits have `over_household_size` (not yet before households 0023)."""
    return _has_field(m.SupportVisit, "over_household_size")


def _stores_first_reached(m) -> bool:
    """Whether the households have `first_reached_on` (not yet in the migrations before
    households 0015)."""
    return _has_field(m.Household, "first_reached_on")


def _store_first_reached(m, village_ids: list[int], first_reached: dict) -> None:
    """Write each household's first reach where it changed (a visit saved: one household,
    or none; a village-wide activity: every household of its villages)."""
    if not _stores_first_reached(m):
        return
    stored = m.Household.objects.filter(village_id__in=village_ids).values_list(
        "pk", "first_reached_on"
    )
    changed = [
        m.Household(pk=pk, first_reached_on=first_reached.get(pk))
        for pk, date in stored
        if date != first_reached.get(pk)
    ]
    if update_rows(m.Household, changed, ["first_reached_on"]):
        tallyguard.clear()  # the refresh's own write, not one that needs a refresh


def changes_in_charge(versions: Iterable[tuple]) -> Counter:
    """From a household change history, the households each member took charge of less those
    they handed over, by village and quarter: {(village, member, quarter_start): change}.

    `versions`: (household id, recorded at, history type, village id, member id) in the
    order they were recorded, household by household. A household counts for the village
    and member of its latest version; a deletion ("-") ends that. Each change belongs to
    the quarter of the local day it was recorded.
    """
    changes = Counter()
    counted_for = {}  # household id -> (village, member) it counts for now
    for household_id, recorded_at, kind, village_id, member_id in versions:
        now = (village_id, member_id) if kind != "-" and member_id is not None else None
        before = counted_for.get(household_id)
        if now != before:
            day = timezone.localtime(recorded_at, timezone.get_default_timezone()).date()
            start = Quarter.containing(day).first_day
            if before is not None:
                changes[(*before, start)] -= 1
            if now is not None:
                changes[(*now, start)] += 1
        counted_for[household_id] = now
    return changes


def _member_tallies(m, village_ids: list[int]) -> list:
    """K4 by quarter for these villages, from the history of every household that has been
    in one of them (two queries)."""
    history = m.HistoricalHousehold.objects
    versions = (
        history.filter(id__in=history.filter(village_id__in=village_ids).values("id"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "history_type", "village_id", "member_in_charge_id")
    )
    changes = changes_in_charge(versions.iterator(chunk_size=5000))
    villages = set(village_ids)
    # A member deleted since (in the admin) has no tally: the history may still name them.
    members = set(
        m.Member.objects.filter(
            pk__in={member for _village, member, _start in changes}
        ).values_list("pk", flat=True)
    )
    return [
        m.MemberTally(village_id=village, member_id=member, quarter_start=start, change=n)
        for (village, member, start), n in changes.items()
        if n and village in villages and member in members
    ]


def _visit_tallies(m, team_ids: list[int], quarters: list[Quarter] = ()) -> tuple[list, list]:
    """Visits and the people they helped by team and quarter (TeamTally) and by team, member
    and quarter with the
    member's busiest day (MemberVisitTally), only `quarters`' when given: one query grouped
    by member and day, summed here (a team logs a few hundred member-days a quarter)."""
    priority = household_queries.priority("household__")
    visits = m.SupportVisit.objects.filter(team_id__in=team_ids)
    if quarters:
        visits = visits.filter(
            reduce(
                operator.or_,
                (Q(date__range=(q.first_day, q.last_day)) for q in quarters),
            )
        )
    # The migrations before the column run this on a tally without it.
    keeps_people = _has_field(m.TeamTally, "people_helped")
    rows = (
        visits.order_by()
        .values_list("team_id", "member_id", "date")
        .annotate(
            visits=Count("pk"),
            to_priority=Count("pk", filter=priority),
            people=Coalesce(Sum("people_helped"), 0),
        )
    )
    teams, members = {}, {}
    starts = {}  # a day's quarter, worked out once a day
    for team_id, member_id, day, n, to_priority, people in rows:
        start = starts.get(day)
        if start is None:
            start = starts[day] = Quarter.containing(day).first_day
        team = teams.get((team_id, start))
        if team is None:
            team = teams[(team_id, start)] = m.TeamTally(
                team_id=team_id, quarter_start=start, visits=0, visits_to_priority=0
            )
            if keeps_people:
                team.people_helped = 0
        team.visits += n
        team.visits_to_priority += to_priority
        if keeps_people:
            team.people_helped += people
        member = members.get((team_id, member_id, start))
        if member is None:
            member = members[(team_id, member_id, start)] = SimpleNamespace(visits=0, busiest=0)
        member.visits += n
        member.busiest = max(member.busiest, n)
    by_member = (
        [
            m.MemberVisitTally(
                team_id=team_id,
                member_id=member_id,
                quarter_start=start,
                visits=member.visits,
                busiest_day=member.busiest,
            )
            for (team_id, member_id, start), member in members.items()
        ]
        if m.MemberVisitTally is not None
        else []
    )
    return list(teams.values()), by_member
