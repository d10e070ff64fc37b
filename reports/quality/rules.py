"""The data-quality rules (kiểm tra chất lượng dữ liệu) checked before a report goes up.

Each rule is a `Rule`: a code, a Vietnamese name and explanation, a severity (BLOCK stops a
team's submission; WARN asks the leader to explain it in a comment), a default threshold
where it has one, and a `find` function. `find(area, setting)` runs one or two aggregate
queries for the area being checked (a village, or the whole commune) and returns the
offending rows as `Finding`s, each with a stable key (what the follow-up list remembers),
what to show and where to fix it. No rule counts row by row in Python: the number of queries
does not grow with the data (tests/reports/test_quality.py counts them).

The thresholds a commune's office changes are `QualitySetting` rows (reports/models.py);
`reports/quality/engine.py` runs the rules with them and leaves out what the office verified.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from binhdan.dates import PLAN_START
from binhdan.quarters import Quarter
from households import queries as household_queries
from households.models import (
    CommunicationActivity,
    Household,
    HouseholdDistinction,
    HouseholdPlatform,
    SupportVisit,
)
from reports.models import (
    MemberVisitTally,
    Severity,
    TeamTally,
    VillageDuplicateTally,
    VillageTally,
)
from teams.models import ActivityDay, Member, Team, TrainingSession

#: The most rows a rule returns: beyond that the page says "500+" and the data needs a
#: clean-up rather than a list (a page and a gate must stay fast whatever the data).
MAX_ROWS = 500


@dataclass(frozen=True)
class Area:
    """What is checked: the villages (their households) and teams of a report's scope, for a
    quarter, on a day."""

    commune_id: int
    village_ids: tuple[int, ...]
    team_ids: tuple[int, ...]
    quarter: Quarter
    today: datetime.date


@dataclass(frozen=True)
class Finding:
    """One offending row: `key` is stable (the follow-up list remembers it), `label` names
    it, `detail` says what is wrong with it, `url` opens what to fix."""

    key: str
    label: str
    detail: str
    url: str = ""


@dataclass(frozen=True)
class Setting:
    """A rule as a commune runs it: on or off, its threshold, and a minimum and maximum where
    the rule takes them (the office's own bounds for a team's visits)."""

    enabled: bool = True
    threshold: int | None = None
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    explanation: str
    severity: str
    find: Callable[[Area, Setting], list[Finding]]
    threshold: int | None = None  # the default threshold
    threshold_label: str = ""
    takes_bounds: bool = False  # the office may set a minimum and a maximum


# --- helpers ----------------------------------------------------------------------------------


_MARKER = 918273645


def _link(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many pks: the pattern reversed once (a rule writes up to
    500 links; reversing each took a third of the page's time at 40,000 households)."""
    head, marker, tail = reverse(name, args=[_MARKER]).rpartition(str(_MARKER))
    if not marker:  # pragma: no cover - a pattern that does not show its argument
        return lambda pk: reverse(name, args=[pk])
    return lambda pk: f"{head}{int(pk)}{tail}"


def _household_url() -> Callable[[int], str]:
    return _link("households:household_detail")


def _visit_url() -> Callable[[int], str]:
    return _link("households:visit_history")


def _member_url() -> Callable[[int], str]:
    return _link("reports:member")


def _households(area: Area):
    return Household.objects.filter(village_id__in=area.village_ids)


def _visits(area: Area):
    return SupportVisit.objects.filter(team_id__in=area.team_ids)


def _quarter_visits(area: Area):
    quarter = area.quarter
    return _visits(area).filter(date__range=(quarter.first_day, quarter.last_day))


def _day(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


# --- the rules --------------------------------------------------------------------------------


def find_duplicate_households(area: Area, setting: Setting) -> list[Finding]:
    """Households of one village with the same head and address (diacritics kept), or the
    same head and phone, that nobody has marked as different households.

    The keys two households share are found first, each by one grouped read of an index
    (village and match key; village, head and phone), then only their households are read.
    Testing every household of the commune for a twin (a probe each) took 220 ms at 40,000
    households."""
    # Only the villages whose tallies count shared keys are grouped (grouping every household
    # of the commune took 15-20 ms at 40,000 households, growing with them, to find none).
    villages = list(
        VillageDuplicateTally.objects.filter(village_id__in=area.village_ids).values_list(
            "village_id", flat=True
        )
    )
    if not villages:
        return []
    households = Household.objects.filter(village_id__in=villages)
    place_keys, phone_keys = household_queries.shared_keys(households)
    place_keys, phone_keys = set(place_keys[:MAX_ROWS]), set(phone_keys[:MAX_ROWS])
    if not place_keys and not phone_keys:
        return []
    # Their households: by the keys' values (a flat IN list, not one OR per key: SQLite's
    # expressions nest at most 1,000 deep), then only those of a shared key kept.
    candidates = households.filter(
        Q(match_key__in={key for _village, key in place_keys})
        | Q(phone__in={phone for _village, _head, phone in phone_keys})
    )
    rows = []
    for row in candidates.order_by("village_id", "sort_key", "pk").values(
        "pk", "village_id", "head_name", "address", "phone", "match_key"
    ):
        if (row["village_id"], row["match_key"]) in place_keys or (
            row["village_id"],
            row["head_name"],
            row["phone"],
        ) in phone_keys:
            rows.append(row)
            if len(rows) == MAX_ROWS:
                break
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(("place", row["village_id"], row["match_key"]), []).append(row)
        if row["phone"]:
            key = ("phone", row["village_id"], row["head_name"], row["phone"])
            groups.setdefault(key, []).append(row)
    pairs = {}
    for members in groups.values():
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                low, high = sorted((first, second), key=lambda r: r["pk"])
                pairs[(low["pk"], high["pk"])] = low
    if not pairs:
        return []
    ids = {pk for pair in pairs for pk in pair}
    marked = set(
        HouseholdDistinction.objects.filter(first__in=ids, second__in=ids).values_list(
            "first_id", "second_id"
        )
    )
    says, url = (
        gettext("Households no. %(a)s and %(b)s may be the same household."),
        _household_url(),
    )
    return [
        Finding(
            key=f"household-pair:{a}-{b}",
            label=f"{row['head_name']} · {row['address']}",
            detail=says % {"a": a, "b": b},
            url=url(a),
        )
        for (a, b), row in sorted(pairs.items())
        if (a, b) not in marked
    ]


def find_busy_days(area: Area, setting: Setting) -> list[Finding]:
    """A member logging more visits in one day than anyone can make."""
    limit = setting.threshold
    # Only the members whose busiest days for the area's teams (kept in their tallies) add up
    # to more than the limit can have such a day: their quarter's visits are grouped by day,
    # and the member's name read for the days over the limit only. (Grouping every visit of
    # the quarter took 160 ms at 240,000 visits, joined to the members; 25 ms from an index.)
    busy = (
        MemberVisitTally.objects.filter(
            team_id__in=area.team_ids, quarter_start=area.quarter.first_day
        )
        .values("member_id")
        .annotate(most=Sum("busiest_day"))
        .filter(most__gt=limit)
        .values("member_id")
    )
    name = Member.objects.filter(pk=OuterRef("member_id")).order_by().values("full_name")
    rows = (
        _quarter_visits(area)
        .filter(member_id__in=busy)
        .values("member_id", "date")
        .annotate(n=Count("*"))
        .filter(n__gt=limit)
        .annotate(member__full_name=Subquery(name))
        .order_by("date", "member__full_name")[:MAX_ROWS]
    )
    says, url = gettext("%(n)s visits logged on %(day)s (more than %(limit)s)."), _member_url()
    return [
        Finding(
            key=f"member-day:{row['member_id']}:{row['date'].isoformat()}",
            label=row["member__full_name"],
            detail=says % {"n": row["n"], "day": _day(row["date"]), "limit": limit},
            url=url(row["member_id"]),
        )
        for row in rows
    ]


def find_visits_outside_membership(area: Area, setting: Setting) -> list[Finding]:
    """Visits dated before the member joined the team, or on or after the day they left.

    The members who have such a visit are found first, each with two probes of the index on
    (member, date); then only their visits are read. Joining every visit of the commune to its
    member took 0.6 s at 240,000 visits, growing with them; this grows with the members."""
    visits = SupportVisit.objects.filter(member=OuterRef("pk"))
    offending = list(
        Member.objects.filter(team_id__in=area.team_ids)
        .filter(
            Exists(visits.filter(date__lt=OuterRef("joined_on")))
            | Exists(visits.filter(date__gte=OuterRef("left_on")))
        )
        .order_by()  # the default order joins teams, villages and communes
        .values_list("pk", flat=True)
    )
    if not offending:
        return []
    rows = (
        _visits(area)
        .filter(member_id__in=offending)
        .filter(
            Q(member__joined_on__isnull=False, date__lt=F("member__joined_on"))
            | Q(member__left_on__isnull=False, date__gte=F("member__left_on"))
        )
        .values("pk", "date", "member__full_name", "member__joined_on", "member__left_on")
        .order_by("date", "pk")[:MAX_ROWS]
    )
    before = gettext("Visit of %(day)s, before %(member)s joined the team (%(joined)s).")
    after = gettext("Visit of %(day)s, after %(member)s left the team (%(left)s).")
    url = _visit_url()
    findings = []
    for row in rows:
        joined, left = row["member__joined_on"], row["member__left_on"]
        if joined and row["date"] < joined:
            detail = before % {
                "day": _day(row["date"]),
                "member": row["member__full_name"],
                "joined": _day(joined),
            }
        else:
            detail = after % {
                "day": _day(row["date"]),
                "member": row["member__full_name"],
                "left": _day(left),
            }
        findings.append(
            Finding(
                key=f"visit:{row['pk']}",
                label=row["member__full_name"],
                detail=detail,
                url=url(row["pk"]),
            )
        )
    return findings


def find_impossible_dates(area: Area, setting: Setting) -> list[Finding]:
    """Visits, activity days, trainings and communication dated after today or before the
    plan began (forms refuse them; older imports, the admin or a wrong clock may not have)."""
    wrong = Q(date__gt=area.today) | Q(date__lt=PLAN_START)
    sources = [
        (_visits(area), "visit", _("Support visit"), _visit_url()),
        (
            ActivityDay.objects.filter(team_id__in=area.team_ids),
            "activity-day",
            _("Activity day"),
            None,
        ),
        (
            TrainingSession.objects.filter(
                Q(team_id__in=area.team_ids) | Q(team__isnull=True, commune_id=area.commune_id)
            ),
            "training",
            _("Training session"),
            None,
        ),
        (
            CommunicationActivity.objects.filter(villages__in=area.village_ids).distinct(),
            "communication",
            _("Communication activity"),
            None,
        ),
    ]
    says = gettext("Dated %(day)s: after today or before the plan began (%(start)s).")
    start = _day(PLAN_START)
    findings = []
    for queryset, kind, label, url in sources:
        left = MAX_ROWS - len(findings)
        if left <= 0:
            break
        dated = queryset.filter(wrong).values_list("pk", "date").order_by("date", "pk")[:left]
        label = str(label)
        for pk, day in dated:
            findings.append(
                Finding(
                    key=f"{kind}:{pk}",
                    label=label,
                    detail=says % {"day": _day(day), "start": start},
                    url=url(pk) if url else "",
                )
            )
    return findings


def find_households_without_member(area: Area, setting: Setting) -> list[Finding]:
    rows = (
        _households(area)
        .filter(member_in_charge__isnull=True)
        .order_by("village_id", "sort_key", "pk")
        .values("pk", "head_name", "address")[:MAX_ROWS]
    )
    says, url = gettext("No member in charge (%(address)s)."), _household_url()
    return [
        Finding(
            key=f"household:{row['pk']}",
            label=row["head_name"],
            detail=says % {"address": row["address"]},
            url=url(row["pk"]),
        )
        for row in rows
    ]


def find_overloaded_members(area: Area, setting: Setting) -> list[Finding]:
    limit = setting.threshold
    # Counted from the index on (village, member in charge) alone; the name read for the
    # members over the limit only.
    name = Member.objects.filter(pk=OuterRef("member_in_charge_id")).order_by().values("full_name")
    rows = (
        _households(area)
        .filter(member_in_charge__isnull=False)
        .values("member_in_charge_id")
        .annotate(n=Count("*"))
        .filter(n__gt=limit)
        .annotate(member_in_charge__full_name=Subquery(name))
        .order_by("-n", "member_in_charge_id")[:MAX_ROWS]
    )
    says, url = gettext("In charge of %(n)s households (more than %(limit)s)."), _member_url()
    return [
        Finding(
            key=f"member:{row['member_in_charge_id']}",
            label=row["member_in_charge__full_name"],
            detail=says % {"n": row["n"], "limit": limit},
            url=url(row["member_in_charge_id"]),
        )
        for row in rows
    ]


def find_members_without_visits(area: Area, setting: Setting) -> list[Finding]:
    quarter = area.quarter
    on = min(quarter.last_day, area.today)
    # The members with a visit in the quarter, for any team, from the tallies the visits'
    # services keep by member: one hashed read of a quarter's rows, not a probe of the visits
    # for each of a commune's 1,200 members (8 ms at 40,000 households).
    visited = MemberVisitTally.objects.filter(quarter_start=quarter.first_day).values("member_id")
    rows = (
        Member.objects.active(on)
        .filter(team_id__in=area.team_ids)
        .exclude(pk__in=visited)
        .order_by("team_id", "sort_key", "pk")
        .values("pk", "full_name", "team__name")[:MAX_ROWS]
    )
    says, url = gettext("No support visit in %(quarter)s (%(team)s)."), _member_url()
    return [
        Finding(
            key=f"member:{row['pk']}",
            label=row["full_name"],
            detail=says % {"quarter": quarter.label, "team": row["team__name"]},
            url=url(row["pk"]),
        )
        for row in rows
    ]


def find_adoption_without_reach(area: Area, setting: Setting) -> list[Finding]:
    """Households recorded as using an essential platform that no support visit and no
    communication activity ever reached: who recorded it, and how did they learn it?"""
    essential = HouseholdPlatform.objects.filter(
        household=OuterRef("pk"), platform__is_essential=True
    )
    rows = (
        _households(area)
        .never_reached()
        .filter(Exists(essential))
        .order_by("village_id", "sort_key", "pk")
        .values("pk", "head_name", "address")[:MAX_ROWS]
    )
    says = gettext(
        "Recorded as using an essential platform, but no visit or communication "
        "ever reached the household."
    )
    url = _household_url()
    return [
        Finding(
            key=f"household:{row['pk']}",
            label=row["head_name"],
            detail=says,
            url=url(row["pk"]),
        )
        for row in rows
    ]


def find_more_people_than_household(area: Area, setting: Setting) -> list[Finding]:
    """The visits marked as helping more people than their household has
    (`SupportVisit.over_household_size`, kept by the services): read from their own index, not
    every visit of the quarter joined to its household (18 ms at 10,000 households, 39 ms at
    40,000 in the same villages, when thousands were found)."""
    rows = (
        _quarter_visits(area)
        .filter(over_household_size=True, household__isnull=False)
        .values("pk", "date", "people_helped", "household__head_name", "household__people_count")
        .order_by("date", "pk")[:MAX_ROWS]
    )
    says = gettext("Visit of %(day)s helped %(people)s people; the household has %(size)s.")
    url = _visit_url()
    return [
        Finding(
            key=f"visit:{row['pk']}",
            label=row["household__head_name"],
            detail=says
            % {
                "day": _day(row["date"]),
                "people": row["people_helped"],
                "size": row["household__people_count"],
            },
            url=url(row["pk"]),
        )
        for row in rows
    ]


def _outside(count: int, history: list[int], setting: Setting) -> str:
    """Why `count` is an outlier against its own `history` and the office's bounds ("" if
    it is not)."""
    if setting.minimum is not None and count < setting.minimum:
        return str(_("below the minimum of %(n)s set by the office") % {"n": setting.minimum})
    if setting.maximum is not None and count > setting.maximum:
        return str(_("above the maximum of %(n)s set by the office") % {"n": setting.maximum})
    if len(history) >= 2:
        # |count - mean| > threshold × population standard deviation, in whole numbers (no
        # rounding at the edge, and a thousand members' histories in a few milliseconds):
        # n × count - Σx against threshold × √(n × Σx² - (Σx)²).
        n, total = len(history), sum(history)
        spread = n * sum(x * x for x in history) - total * total  # n² × variance
        gap = n * count - total
        limit = setting.threshold
        if spread and (limit < 0 or gap * gap > limit * limit * spread):
            return str(
                _("%(n)s standard deviations from its last quarters (average %(mean)s)")
                % {"n": setting.threshold, "mean": round(total / n, 1)}
            )
    return ""


def find_visit_outliers(area: Area, setting: Setting) -> list[Finding]:
    """A team's visits in the quarter (and a member's) far from its own last four quarters,
    or outside the minimum and maximum the office set for a team."""
    quarter = area.quarter
    past = [quarter]
    for _n in range(4):
        past.append(past[-1].previous())
    starts = [q.first_day for q in past]
    team_rows = TeamTally.objects.filter(
        team_id__in=area.team_ids, quarter_start__in=starts
    ).values_list("team_id", "quarter_start", "visits")
    by_team: dict[int, dict] = {team_id: {} for team_id in area.team_ids}
    for team_id, start, visits in team_rows:
        by_team[team_id][start] = visits
    names = dict(Team.objects.filter(pk__in=area.team_ids).values_list("pk", "name"))
    in_plan = [start for start in starts[1:] if start >= Quarter.containing(PLAN_START).first_day]
    findings = []
    for team_id, counts in by_team.items():
        history = [counts.get(start, 0) for start in in_plan]
        why = _outside(counts.get(quarter.first_day, 0), history, setting)
        if why:
            findings.append(
                Finding(
                    key=f"team:{team_id}:{quarter}",
                    label=names.get(team_id, ""),
                    detail=str(
                        _("%(n)s visits in %(quarter)s: %(why)s.")
                        % {
                            "n": counts.get(quarter.first_day, 0),
                            "quarter": quarter.label,
                            "why": why,
                        }
                    ),
                )
            )
    # A member's visits for the area's teams in each of the five quarters, from the tallies
    # the visits' services keep by member (grouping the visits themselves read 150,000 rows
    # at 40,000 households), grouped by member alone; only the outliers are named and
    # sorted, by a second query (joining and sorting a commune's 1,200 members before
    # testing them: 3 ms more of the rule's 25 at 40,000 households).
    member_rows = (
        MemberVisitTally.objects.filter(team_id__in=area.team_ids, quarter_start__in=starts)
        .values("member_id")
        .annotate(
            **{
                f"q{i}": Sum("visits", filter=Q(quarter_start=q.first_day))
                for i, q in enumerate(past)
            }
        )
        .order_by()
        .values_list("member_id", *(f"q{i}" for i in range(len(past))))
    )
    individual = Setting(threshold=setting.threshold)  # the office's bounds are a team's
    # Plain tuples, one pass: a commune of 1,200 members made a dict per member and per
    # quarter (10 ms of the page at 40,000 households).
    outliers = {}
    for member_id, now, *before in member_rows:
        if not now:
            continue
        why = _outside(now, [n for n in before if n], individual)
        if why:
            outliers[member_id] = (now, why)
    if not outliers:
        return findings
    named = (
        Member.objects.filter(pk__in=outliers)
        .order_by("full_name", "pk")
        .values_list("pk", "full_name")
    )
    says, url = gettext("%(n)s visits in %(quarter)s: %(why)s."), _member_url()
    for member_id, member_name in named:
        now, why = outliers[member_id]
        findings.append(
            Finding(
                key=f"member:{member_id}:{quarter}",
                label=member_name,
                detail=says % {"n": now, "quarter": quarter.label, "why": why},
                url=url(member_id),
            )
        )
    return findings


def find_adoption_jumps(area: Area, setting: Setting) -> list[Finding]:
    """A village whose platform adoption (K8) rose by more points in one quarter than
    door-to-door work can explain: a whole list typed in at once?"""
    rows = (
        VillageTally.objects.filter(village_id__in=area.village_ids)
        .values("village_id", "village__name")
        .annotate(
            households=Sum("first_adopted"),
            adopted=Sum("first_adopted", filter=Q(quarter_start=area.quarter.first_day)),
        )
    )
    findings = []
    for row in rows:
        if not row["households"] or not row["adopted"]:
            continue
        rise = 100 * row["adopted"] / row["households"]
        if rise > setting.threshold:
            findings.append(
                Finding(
                    key=f"village:{row['village_id']}:{area.quarter}",
                    label=row["village__name"],
                    detail=str(
                        _("K8 rose by %(rise)s points in %(quarter)s (more than %(limit)s).")
                        % {
                            "rise": round(rise, 1),
                            "quarter": area.quarter.label,
                            "limit": setting.threshold,
                        }
                    ),
                    url=reverse("reports:village", args=[row["village_id"]]),
                )
            )
    return findings


B, W = Severity.BLOCK, Severity.WARN

RULES: tuple[Rule, ...] = (
    Rule(
        "CL01",
        _("Possible duplicate households"),
        _(
            "Two households of one village with the same head's name (diacritics included) "
            "and the same address or phone, not marked as different households."
        ),
        W,
        find_duplicate_households,
    ),
    Rule(
        "CL02",
        _("Too many visits in one day"),
        _("A member logged more support visits in one day than the threshold."),
        W,
        find_busy_days,
        threshold=15,
        threshold_label=_("visits a day"),
    ),
    Rule(
        "CL03",
        _("Visits outside the member's time in the team"),
        _("Visits dated before the member joined the team or after they left it."),
        B,
        find_visits_outside_membership,
    ),
    Rule(
        "CL04",
        _("Dates in the future or before the plan"),
        _(
            "Visits, activity days, trainings or communication dated after today or before "
            "the plan began (01/10/2025)."
        ),
        B,
        find_impossible_dates,
    ),
    Rule(
        "CL05",
        _("Households without a member in charge"),
        _("Households that no team member is in charge of (K4)."),
        W,
        find_households_without_member,
    ),
    Rule(
        "CL06",
        _("Members in charge of too many households"),
        _("A member in charge of more households than the threshold."),
        W,
        find_overloaded_members,
        threshold=60,
        threshold_label=_("households"),
    ),
    Rule(
        "CL07",
        _("Active members without a visit in the quarter"),
        _("Members active at the quarter's end who logged no support visit in it."),
        W,
        find_members_without_visits,
    ),
    Rule(
        "CL08",
        _("Platform use nobody helped with"),
        _(
            "Households recorded as using an essential platform that no support visit or "
            "communication activity ever reached."
        ),
        W,
        find_adoption_without_reach,
    ),
    Rule(
        "CL09",
        _("More people helped than live in the household"),
        _("Visits whose number of people helped is larger than the household's size."),
        W,
        find_more_people_than_household,
    ),
    Rule(
        "CL10",
        _("Unusual number of visits"),
        _(
            "A team's (or a member's) visits in the quarter beyond the threshold in standard "
            "deviations of its own last four quarters, or outside the minimum and maximum "
            "the office set for a team."
        ),
        W,
        find_visit_outliers,
        threshold=3,
        threshold_label=_("standard deviations"),
        takes_bounds=True,
    ),
    Rule(
        "CL11",
        _("Platform adoption rising too fast"),
        _("A village whose K8 rose by more points in one quarter than the threshold."),
        W,
        find_adoption_jumps,
        threshold=30,
        threshold_label=_("points"),
    ),
)

BY_CODE = {rule.code: rule for rule in RULES}
