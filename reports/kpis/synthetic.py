"""A large synthetic commune, written fast (bulk_create) and reproducible with a seed.

`manage.py benchmark` builds its communes with numbered names ("Xã thử", "Thôn 001",
"Chủ hộ 12") in a throw-away database. `manage.py seed_province` gives the same builder
realistic names (teams/names.py) and a day the data is seen from (`as_of`), so that what it
builds is what the portal's forms would have let people enter by then and its quarterly
reports pass the data-quality check (reports/reporting/synthetic_province.py).
"""

import datetime
import random
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from binhdan.communes import open_commune, province_of
from binhdan.dates import PLAN_START
from binhdan.quarters import Quarter
from binhdan.text import fold
from households.models import (
    Channel,
    CommunicationActivity,
    Household,
    HouseholdPlatform,
    OcopProduct,
    Platform,
    SupportMethod,
    SupportType,
    SupportVisit,
)
from households.queries import VNEID_PLATFORM
from reports.kpis import tallies
from teams.models import (
    ActivityDay,
    Commune,
    Member,
    MemberRole,
    Team,
    TeamLevel,
    TrainingSession,
    TrainingTopic,
    Village,
)

BATCH = 2000


def _local(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@transaction.atomic  # one transaction: the tallies are recounted once, at its end
def build_commune(
    code: str,
    *,
    villages: int,
    households: int,
    members: int,
    visits: int,
    last_quarter: Quarter,
    quarters: int = 8,
    seed: int = 2026,
    name: str | None = None,
    province: str = "Thái Nguyên",
    village_names: Sequence[str] | None = None,
    person_name: Callable[[], str] | None = None,
    as_of: datetime.date | None = None,
) -> Commune:
    """A commune with a commune team and `villages` village teams, `households` households,
    `members` members and `visits` support visits spread over `quarters` quarters.

    Named "Xã thử <code>", "Thôn 001"..., "Tổ viên <team>-<n>", "Chủ hộ <n>" unless given
    `name`, `village_names` (one a village) and `person_name` (called for each member and
    head of household). With `as_of`, the data is as the portal would hold it on that day:
    nothing dated after it or before the plan began (PLAN_START), and no member's visit after
    the day they left the team. Without `as_of` the figures are the same whatever the names
    (`person_name` keeps to its own random generator)."""
    rng = random.Random(seed)
    first = last_quarter
    for _ in range(quarters - 1):
        first = first.previous()
    start, end = first.first_day, last_quarter.last_day
    if as_of is not None:
        start, end = max(start, PLAN_START), min(end, as_of)
        if end < start:
            raise ValueError(f"Nothing to build: {as_of} is before {start}.")
    span = (end - start).days

    def some_day() -> datetime.date:
        return start + datetime.timedelta(days=rng.randrange(span + 1))

    commune = open_commune(
        Commune(code=code, name=name or f"Xã thử {code}", province=province_of(province))
    )
    village_objs = []
    for n in range(1, villages + 1):
        village = Village(
            commune=commune,
            code=f"T{n:03d}",
            name=village_names[n - 1] if village_names else f"Thôn {n:03d}",
        )
        village.search_text = fold(f"{village.name} {village.code}")  # bulk_create skips save()
        village_objs.append(village)
    village_objs = Village.objects.bulk_create(village_objs)
    commune_team = Team.objects.create(
        commune=commune, level=TeamLevel.COMMUNE, name=f"Tổ CNSCĐ xã {name or code}"
    )
    teams = Team.objects.bulk_create(
        Team(commune=commune, level=TeamLevel.VILLAGE, village=v, name=f"Tổ CNSCĐ {v.name}")
        for v in village_objs
    )
    all_teams = [commune_team, *teams]

    roles = list(MemberRole.objects.of(commune).order_by("sort_order"))
    per_team = max(members // len(all_teams), 1)
    extra = max(members - per_team * len(all_teams), 0)  # the commune team takes the rest
    member_objs = []
    for team in all_teams:
        for i in range(per_team + (extra if team is commune_team else 0)):
            member_objs.append(
                Member(
                    team=team,
                    full_name=person_name() if person_name else f"Tổ viên {team.pk}-{i}",
                    role=roles[i % len(roles)],
                    is_leader=i == 0,
                    is_youth_union=i % 3 == 0,
                    joined_on=start,
                    left_on=some_day() if rng.random() < 0.05 and i else None,
                )
            )
    for member in member_objs:
        member.fill_derived_fields()  # bulk_create skips save()
    member_objs = Member.objects.bulk_create(member_objs, batch_size=BATCH)
    by_team = {}
    for member in member_objs:
        by_team.setdefault(member.team_id, []).append(member)

    household_objs = []
    for n in range(households):
        village = village_objs[n % villages]
        team_members = by_team[teams[n % villages].pk]
        household_objs.append(
            Household(
                village=village,
                head_name=person_name() if person_name else f"Chủ hộ {n}",
                address=f"Số {n}, {village.name}",
                people_count=rng.randint(1, 7),
                has_elderly=rng.random() < 0.3,
                has_no_device=rng.random() < 0.1,
                member_in_charge=rng.choice(team_members),
            )
        )
    for household in household_objs:
        household.fill_derived_fields()  # bulk_create skips save()
    # With their change history, as the services write it: entered at the start, then a
    # fifth handed over to another member on a day of the period (K4 of past quarters).
    household_objs = bulk_create_with_history(
        household_objs, Household, batch_size=BATCH, default_date=_local(start)
    )
    moves = random.Random(seed + 1)  # apart, so that the rest of the data stays the same
    handed_over = [h for h in household_objs if moves.random() < 0.2]
    for household in handed_over:
        household.member_in_charge = moves.choice(by_team[household.member_in_charge.team_id])
        household._history_date = _local(start + datetime.timedelta(days=moves.randrange(span)))
    bulk_update_with_history(handed_over, Household, ["member_in_charge"], batch_size=BATCH)

    platforms = list(Platform.objects.of(commune).filter(is_ecommerce=False))
    HouseholdPlatform.objects.bulk_create(
        (
            _record(h, p, some_day())
            for h in household_objs
            if rng.random() < 0.75
            for p in rng.sample(platforms, rng.randint(1, 3))
        ),
        batch_size=BATCH,
    )

    support_types = list(SupportType.objects.of(commune))
    methods = list(SupportMethod.values)
    team_by_village = {t.village_id: t for t in teams}
    visit_objs = []
    for _ in range(visits):
        household = rng.choice(household_objs)
        team = team_by_village[household.village_id] if rng.random() < 0.9 else commune_team
        member, day = rng.choice(by_team[team.pk]), some_day()
        if as_of is not None and member.left_on and day >= member.left_on:
            member = by_team[team.pk][0]  # the leader, who stays
        # Drawn in the order the visit's fields were always drawn: the same commune.
        visited = household if rng.random() < 0.9 else None
        method, people = rng.choice(methods), rng.randint(1, 4)
        visit_objs.append(
            SupportVisit(
                team=team,
                member=member,
                date=day,
                household=visited,
                walk_in_name="",
                method=method,
                people_helped=people,
                # Written in bulk, not through save_visit: marked here (CL09).
                over_household_size=visited is not None and people > visited.people_count,
            )
        )
    visit_objs = SupportVisit.objects.bulk_create(visit_objs, batch_size=BATCH)
    through = SupportVisit.support_types.through
    through.objects.bulk_create(
        (
            through(supportvisit_id=v.pk, supporttype_id=rng.choice(support_types).pk)
            for v in visit_objs
        ),
        batch_size=BATCH,
    )

    days = []
    for team in all_teams:
        day = start
        while day <= end:
            if rng.random() < 0.45:
                days.append(ActivityDay(team=team, date=day, hours=Decimal(rng.choice([2, 4, 5]))))
            day += datetime.timedelta(days=2)
    ActivityDay.objects.bulk_create(days, batch_size=BATCH)

    topics = list(TrainingTopic.objects.all())
    for _ in range(quarters):
        session = TrainingSession.objects.create(
            commune=commune, date=some_day(), place="Hội trường xã", organiser="UBND xã"
        )
        session.topics.set(rng.sample(topics, 2))
        session.attendees.set(rng.sample(member_objs, len(member_objs) // 4))

    for n in range(villages * 2):
        activity = CommunicationActivity.objects.create(
            commune=commune,
            date=some_day(),
            channel=rng.choice(Channel.values),
            title=f"Tuyên truyền {n}",
            reaches_all_households=n % 5 == 0,
        )
        activity.villages.set([village_objs[n % villages]])
        if n % 5:
            village_households = household_objs[n % villages :: villages]
            activity.households.set(rng.sample(village_households, len(village_households) // 3))

    ecommerce = list(Platform.objects.of(commune).filter(is_ecommerce=True))
    for n in range(villages):
        product = OcopProduct.objects.create(
            commune=commune, village=village_objs[n], name=f"Sản phẩm OCOP {n}", stars=3
        )
        if rng.random() < 0.6:
            product.listed_on.set(rng.sample(ecommerce, 2))
    tallies.refresh_commune(commune.pk)  # written in bulk, not through the services
    return commune


def _record(household, platform, day) -> HouseholdPlatform:
    """A platform record; a VNeID account activated the day it was received (the benchmark
    measures the counting, not the follow-up of activations)."""
    activated_on = day if platform.code == VNEID_PLATFORM else None
    return HouseholdPlatform(
        household=household, platform=platform, first_recorded_on=day, activated_on=activated_on
    )
