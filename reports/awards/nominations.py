"""Candidates for the emulation titles (thi đua), suggested from the KPIs of a year.

The commune office decides; the portal only ranks. Every rule is a fixed number of queries
(the year review's four collections, and one grouped query per list), whatever the number of
villages, households or visits. The rules, as the suggestions page explains them:

- Tổ CNSCĐ tiêu biểu: teams ranked by how many of K1, K2, K5 and K6 they met, summed over the
  year's quarters that have started; ties go to the team with more support visits.
- Khu dân cư điện tử: villages ranked by essential platform adoption (K8) and communication
  reach (K7) at the end of the latest quarter (their average); villages without households
  are left out.
- Gia đình số tiêu biểu: households using every essential platform and at least
  OTHER_PLATFORMS other platforms, recorded by the end of the year.
- Công dân số tiên phong: the heads of the households that first used an essential platform
  earliest, and the team members who made the most support visits in the year.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from households.models import Household, Platform, SupportVisit
from reports.awards.yearreview import YearReview
from reports.kpis import arithmetic
from reports.models import Award, Nomination

OTHER_PLATFORMS = 1
LIMIT = 5


@dataclass
class Suggestion:
    category: str
    name: str
    village: str
    figure: str
    reason: str
    prefill: dict = field(default_factory=dict)
    already_nominated: bool = False


def suggest(review: YearReview) -> dict[str, list[Suggestion]]:
    """Candidates for each title, from a whole-commune year review."""
    commune, year = review.scope.commune, review.year
    year_end = datetime.date(year, 12, 31)
    households = Household.objects.filter(village__commune=commune, village__is_active=True)
    suggestions = {
        Award.EXEMPLARY_TEAM: exemplary_teams(review),
        Award.ELECTRONIC_AREA: electronic_areas(review),
        Award.DIGITAL_FAMILY: digital_families(commune, households, year_end),
        Award.PIONEER_CITIZEN: early_adopters(households, year_end)
        + busiest_members(commune, year),
    }
    _mark_nominated(commune, year, suggestions)
    for category, items in suggestions.items():
        for item in items:
            item.prefill = {"loai": category, "nam": year, "ly-do": item.reason, **item.prefill}
    return suggestions


def exemplary_teams(review: YearReview) -> list[Suggestion]:
    scores: dict[int, dict] = {}
    for figures in review.figures.values():
        for team in figures.teams:
            met = figures.team_kpis(team).values()  # K1, K2, K5, K6
            score = scores.setdefault(team.id, {"team": team, "met": 0, "possible": 0, "visits": 0})
            score["met"] += sum(1 for kpi in met if kpi.status == arithmetic.Status.MET)
            score["possible"] += len(met)
            score["visits"] += team.visits
    villages = {v.pk: v.name for f in review.figures.values() for v in f.villages}
    ranked = sorted(
        (s for s in scores.values() if s["met"]),
        key=lambda s: (-s["met"], -s["visits"], s["team"].name),
    )
    return [
        Suggestion(
            category=Award.EXEMPLARY_TEAM,
            name=s["team"].name,
            village=villages.get(s["team"].village_id, _("Commune team")),
            figure=_("%(met)s of %(possible)s team targets met, %(visits)s support visits") % s,
            reason=_(
                "In %(year)s the team met %(met)s of %(possible)s quarterly targets (team size, "
                "composition, support visits, weekly activity) and made %(visits)s support "
                "visits."
            )
            % {**s, "year": review.year},
            prefill={"to": s["team"].id},
        )
        for s in ranked[:LIMIT]
    ]


def electronic_areas(review: YearReview) -> list[Suggestion]:
    if not review.figures:
        return []
    latest = max(review.figures)
    figures = review.figures[latest]
    rows = []
    for village in figures.villages:
        area = figures.areas.get(village.pk)
        if not area or not area.households:
            continue
        adoption = arithmetic.percent(area.adopted, area.households)
        reach = arithmetic.percent(area.reached, area.households)
        rows.append((village, adoption, reach, area.households))
    rows.sort(key=lambda r: (-(r[1] + r[2]), r[0].code))
    rows = [(v, number_format(a, 1), number_format(r, 1), h) for v, a, r, h in rows]
    return [
        Suggestion(
            category=Award.ELECTRONIC_AREA,
            name=village.name,
            village=village.name,
            figure=_("adoption %(adoption)s %%, reach %(reach)s %% of %(households)s households")
            % {"adoption": adoption, "reach": reach, "households": households},
            reason=_(
                "At the end of %(quarter)s, %(adoption)s %% of the village's %(households)s "
                "households used an essential digital platform and %(reach)s %% had been "
                "reached by communication or support visits."
            )
            % {
                "quarter": latest.label,
                "adoption": adoption,
                "reach": reach,
                "households": households,
            },
            prefill={"thon": village.pk},
        )
        for village, adoption, reach, households in rows[:LIMIT]
    ]


def digital_families(commune, households, year_end: datetime.date) -> list[Suggestion]:
    essentials = Platform.objects.of(commune).filter(is_essential=True, is_active=True).count()
    if not essentials:
        return []
    recorded = Q(householdplatform__first_recorded_on__lte=year_end)
    rows = (
        households.annotate(
            essential=Count(
                "householdplatform",
                filter=recorded
                & Q(
                    householdplatform__platform__is_essential=True,
                    householdplatform__platform__is_active=True,
                ),
            ),
            others=Count(
                "householdplatform",
                filter=recorded & Q(householdplatform__platform__is_essential=False),
            ),
            since=Min("householdplatform__first_recorded_on"),
        )
        .filter(essential=essentials, others__gte=OTHER_PLATFORMS)
        .select_related("village")
        .order_by("-others", "since", "sort_key", "pk")[: LIMIT * 2]
    )
    return [
        Suggestion(
            category=Award.DIGITAL_FAMILY,
            name=h.head_name,
            village=h.village.name,
            figure=_("all %(essentials)s essential platforms, plus %(others)s more")
            % {"essentials": essentials, "others": h.others},
            reason=_(
                "The household uses all %(essentials)s essential digital platforms (VNeID, "
                "online public services, cashless payment) and %(others)s other digital "
                "platforms."
            )
            % {"essentials": essentials, "others": h.others},
            prefill={"ho": h.pk},
        )
        for h in rows
    ]


def early_adopters(households, year_end: datetime.date) -> list[Suggestion]:
    rows = (
        households.annotate(
            first=Min(
                "householdplatform__first_recorded_on",
                filter=Q(householdplatform__platform__is_essential=True),
            )
        )
        .filter(first__lte=year_end)
        .select_related("village")
        .order_by("first", "sort_key", "pk")[:LIMIT]
    )
    return [
        Suggestion(
            category=Award.PIONEER_CITIZEN,
            name=h.head_name,
            village=h.village.name,
            figure=_("first essential platform on %(date)s") % {"date": f"{h.first:%d/%m/%Y}"},
            reason=_(
                "Among the first in the commune to use an essential digital platform "
                "(recorded on %(date)s), setting an example for the neighbours."
            )
            % {"date": f"{h.first:%d/%m/%Y}"},
            prefill={"ho": h.pk, "thon": h.village_id, "ten": h.head_name},
        )
        for h in rows
    ]


def busiest_members(commune, year: int) -> list[Suggestion]:
    rows = (
        SupportVisit.objects.filter(team__commune=commune, date__year=year)
        .order_by()
        .values("member_id", "member__full_name", "team__village_id", "team__village__name")
        .annotate(visits=Count("pk"))
        .order_by("-visits", "member__sort_key", "member_id")[:LIMIT]
    )
    return [
        Suggestion(
            category=Award.PIONEER_CITIZEN,
            name=row["member__full_name"],
            village=row["team__village__name"] or _("Commune team"),
            figure=_("%(visits)s support visits in %(year)s")
            % {"visits": row["visits"], "year": year},
            reason=_(
                "As a team member, made %(visits)s support visits in %(year)s, helping "
                "residents use digital platforms door to door."
            )
            % {"visits": row["visits"], "year": year},
            prefill={"ten": row["member__full_name"], "thon": row["team__village_id"] or ""},
        )
        for row in rows
    ]


def _mark_nominated(commune, year, suggestions) -> None:
    """Flag the candidates that already have a current nomination (one query)."""
    nominated = set()
    for n in Nomination.objects.current().filter(commune=commune, year=year):
        nominated.add((n.category, "to", n.team_id))
        nominated.add((n.category, "ho", n.household_id))
        nominated.add((n.category, "thon", n.village_id))
        nominated.add((n.category, "ten", n.resident_name.casefold()))
    for category, items in suggestions.items():
        for item in items:
            if category == Award.PIONEER_CITIZEN:
                keys = [(category, "ten", item.prefill["ten"].casefold())]
            else:
                keys = [(category, key, value) for key, value in item.prefill.items()]
            item.already_nominated = any(key in nominated for key in keys)
