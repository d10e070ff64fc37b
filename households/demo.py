"""Demo data for the field side: households, platforms, a year of visits, communication, OCOP.

Idempotent: a village that already has households, a team that already has visits in 2026
and a commune that already has communication activities are left as they are. The figures
are mixed on purpose, so that the KPIs of the demo are met in some villages and not in others:
"active" villages (ACTIVE_VILLAGES) get 55-70 visits a quarter and 80-90 % of households on
an essential platform, the others 20-40 visits and 30-45 %.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from households import catalogues
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
from teams.models import Member, MemberRole, Team, TeamLevel, User, Village

YEAR = 2026
REGISTRY_OPENED = datetime.date(YEAR - 1, 10, 15)  # when a team without a founding date began
ACTIVE_VILLAGES = {"LM01", "LM03", "LM05", "LM08", "LM10"}

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
                "Dương", "Lý", "Hà", "Mai", "Đinh", "Lò", "Ma", "Triệu"]  # fmt: skip
MIDDLE_MALE = ["Văn", "Đức", "Quang", "Minh", "Hữu", "Xuân", "Công"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Phương"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc",
              "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Hòa", "Thành", "Lợi"]  # fmt: skip
GIVEN_FEMALE = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Liên",
                "Mai", "Nga", "Nhung", "Oanh", "Thảo", "Thúy", "Trang", "Vân", "Yến", "Xuân"]  # fmt: skip
DEMO_MEMBERS = ["Đỗ Minh Tuấn", "Trần Văn Bình", "Nguyễn Thị Thu Hà", "Lê Văn Hải", "Phạm Thị Lan",
                "Hoàng Đức Thắng", "Vũ Thị Hồng", "Bùi Quang Huy", "Ngô Thị Mai"]  # fmt: skip
TOPICS = [
    "Hướng dẫn cài đặt, kích hoạt tài khoản định danh điện tử VNeID mức 2",
    "Tích hợp giấy tờ cá nhân (bảo hiểm y tế, giấy phép lái xe) trên VNeID",
    "Nộp hồ sơ dịch vụ công trực tuyến, không phải đến UBND xã",
    "Thanh toán không dùng tiền mặt: quét mã QR an toàn",
    "Cảnh giác lừa đảo qua điện thoại, mạng xã hội",
    "Bán nông sản, sản phẩm OCOP trên sàn thương mại điện tử",
    "Phong trào Bình dân học vụ số: mỗi người dân một tài khoản số",
]
OCOP_PRODUCTS = [
    # name, producer, village code, stars, platform codes
    ("Chè Tân Cương", "HTX chè Liên Minh", "LM01", 4, ["postmart", "shopee"]),
    ("Mật ong rừng", "Tổ hợp tác nuôi ong Thôn Thượng", "LM05", 3, ["voso"]),
    ("Gạo nếp cái hoa vàng", "HTX nông nghiệp Thôn Hạ", "LM06", 3, []),
    ("Miến dong", "Cơ sở sản xuất Xóm Mới", "LM07", 3, ["postmart", "tiktok-shop"]),
    ("Bánh chưng Bờ Đậu", "Hộ kinh doanh Đặng Thị Hoa", "LM02", 4, []),
]


@transaction.atomic
def seed(commune) -> None:
    rng = random.Random(f"binhdan-households-{commune.code}")
    catalogues.seed(commune)
    today = timezone.localdate()
    platforms = list(Platform.objects.of(commune).filter(is_active=True))
    essentials = [p for p in platforms if p.is_essential]
    others = [p for p in platforms if not p.is_essential and not p.is_ecommerce]
    support_types = list(SupportType.objects.of(commune).filter(is_active=True))
    villages = list(Village.objects.filter(commune=commune, is_active=True).order_by("code"))
    for index, village in enumerate(villages):
        active = village.code in ACTIVE_VILLAGES
        members = _members_of(village, index)
        households = _households_of(village, members, rng, active)
        _platforms_for(households, essentials, others, rng, active, today)
        _visits_for(village, members, households, support_types, rng, active, today)
    _communication(commune, villages, rng, today)
    _ocop(commune, villages)
    # Written in bulk, not through the services: recounted once, in plain sight.
    village_ids = [v.pk for v in villages]
    households = Household.objects.filter(village_id__in=village_ids)
    tallies.refresh(villages=village_ids, teams=tallies.teams_visiting(households))


def _members_of(village, index) -> list[Member]:
    """The village team's active members; a small team is created when there is none."""
    team, _ = Team.objects.get_or_create(
        village=village,
        defaults={
            "commune": village.commune,
            "level": TeamLevel.VILLAGE,
            "name": f"Tổ CNSCĐ {village.name}",
            "founded_on": datetime.date(2025, 10, 15),
        },
    )
    members = list(Member.objects.filter(team=team).active().order_by("pk"))
    if not members:
        role = MemberRole.objects.of(village.commune_id).get(code="khac")
        for offset in range(5):
            name = DEMO_MEMBERS[(index + offset + 1) % len(DEMO_MEMBERS)]
            member, _ = Member.objects.get_or_create(
                team=team,
                full_name=name,
                defaults={"role": role, "is_leader": offset == 0, "joined_on": team.founded_on},
            )
            members.append(member)
    # The demo member account logs visits in Thôn Đông: give it a member if it has none.
    tovien = User.objects.filter(username="tovien01", village=village).first()
    if tovien and not Member.objects.filter(user=tovien).exists():
        member, _ = Member.objects.get_or_create(
            team=team,
            full_name=tovien.full_name,
            defaults={
                "role": MemberRole.objects.of(village.commune_id).get(code="khac"),
                "joined_on": team.founded_on,
            },
        )
        member.user = tovien
        member.save(update_fields=["user"])
        if member not in members:
            members.append(member)
    return members


def _households_of(village, members, rng, active) -> list[Household]:
    existing = list(Household.objects.filter(village=village))
    if existing:
        return existing
    count = rng.randint(40, 80)
    hamlets = rng.randint(3, 6)
    seen, households = set(), []
    while len(households) < count:
        female = rng.random() < 0.35
        name = " ".join(
            [
                rng.choice(FAMILY_NAMES),
                rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
                rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
            ]
        )
        address = f"Xóm {rng.randint(1, hamlets)}, {village.name}"
        if (name, address) in seen:
            continue
        seen.add((name, address))
        phone = f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.8 else ""
        household = Household(
            village=village,
            head_name=name,
            address=address,
            phone=phone,
            people_count=rng.randint(1, 7),
            has_elderly=rng.random() < 0.3,
            has_no_device=rng.random() < (0.08 if active else 0.2),
        )
        _skills_of(household, rng, active)
        household.fill_derived_fields()
        households.append(household)
    # Active villages give each member a large share (some reach the target of 20).
    for number, household in enumerate(households):
        if rng.random() < (0.95 if active else 0.6):
            share = members[: 3 if active else len(members)]
            household.member_in_charge = share[number % len(share)]
    # With history, so that the audit pages show how each household entered the registry:
    # when the team was founded, so that the past quarters' K4 counts them (assignment
    # history, reports/kpis/tallies.py).
    founded = (members[0].team.founded_on if members else None) or REGISTRY_OPENED
    opened = timezone.make_aware(datetime.datetime.combine(founded, datetime.time(8)))
    return bulk_create_with_history(households, Household, batch_size=500, default_date=opened)


def _skills_of(household, rng, active) -> None:
    """Adults and confirmed basic digital skills (K11): most households of the active villages
    have been asked, half of the others; about half of the adults asked (fewer elsewhere) have
    shown their confirmation on VNeID, seen on a day since the plan began."""
    if rng.random() > (0.9 if active else 0.5):
        return  # not asked yet: no data, not zero
    people = household.people_count
    household.adults = max(1, people - rng.randint(0, min(2, people - 1)))
    chance = 0.6 if active else 0.3
    household.adults_skilled = sum(1 for _ in range(household.adults) if rng.random() < chance)
    if household.adults_skilled:
        start = REGISTRY_OPENED
        span = (timezone.localdate() - start).days
        household.skills_seen_on = start + datetime.timedelta(days=rng.randint(0, span))


def _platforms_for(households, essentials, others, rng, active, today):
    if HouseholdPlatform.objects.filter(household__in=households).exists():
        return
    rows = []
    adoption = 0.93 if active else 0.5
    start = datetime.date(YEAR - 1, 10, 1)
    span = (today - start).days
    for household in households:
        if household.has_no_device or rng.random() > adoption:
            continue
        chosen = rng.sample(essentials, rng.randint(1, len(essentials)))
        if rng.random() < 0.3:
            chosen.append(rng.choice(others))
        for platform in chosen:
            day = start + datetime.timedelta(days=rng.randint(0, span))
            record = HouseholdPlatform(
                household=household, platform=platform, first_recorded_on=day
            )
            if platform.code == VNEID_PLATFORM:
                _vneid_step(record, rng, active, today)
            rows.append(record)
    HouseholdPlatform.objects.bulk_create(rows)


def _vneid_step(record, rng, active, today) -> None:
    """VNeID in two steps: most accounts received are activated (level 2) a few days to two
    months later, fewer in the villages less far along; the rest wait, received only (the
    teams' follow-up list). As districts report, received outnumbers activated."""
    if rng.random() < (0.75 if active else 0.45):
        later = record.first_recorded_on + datetime.timedelta(days=rng.randint(0, 60))
        record.activated_on = min(later, today)


def _visits_for(village, members, households, support_types, rng, active, today):
    team = members[0].team
    if SupportVisit.objects.filter(team=team, date__year=YEAR).exists():
        return
    per_quarter = rng.randint(55, 70) if active else rng.randint(20, 40)
    methods = SupportMethod.values
    visits = []
    for quarter in range(4):
        first = datetime.date(YEAR, quarter * 3 + 1, 1)
        if first > today:
            break
        last = min(datetime.date(YEAR + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1), today)
        days = max((last - first).days, 1)
        # The current quarter is not over: active teams are already past 50, others not.
        share = per_quarter if active or last != today else per_quarter * days // 91
        for _ in range(share):
            household = rng.choice(households) if rng.random() < 0.9 else None
            visits.append(
                SupportVisit(
                    team=team,
                    member=household.member_in_charge
                    if household and household.member_in_charge
                    else rng.choice(members),
                    date=first + datetime.timedelta(days=rng.randrange(days)),
                    household=household,
                    walk_in_name=""
                    if household
                    else rng.choice(["Bà Lò Thị Sen", "Ông Triệu Văn Phú"]),
                    method=rng.choice(methods),
                    # Never more than live in the household (data-quality rule CL09): none
                    # is `over_household_size`, the field's default.
                    people_helped=rng.randint(1, min(4, household.people_count))
                    if household
                    else rng.randint(1, 4),
                )
            )
    visits = SupportVisit.objects.bulk_create(visits)
    through = SupportVisit.support_types.through
    through.objects.bulk_create(
        [
            through(supportvisit_id=visit.pk, supporttype_id=kind.pk)
            for visit in visits
            for kind in rng.sample(support_types, rng.randint(1, 2))
        ]
    )


def _communication(commune, villages, rng, today):
    if CommunicationActivity.objects.filter(commune=commune).exists():
        return
    through_villages = CommunicationActivity.villages.through
    through_households = CommunicationActivity.households.through
    channels = Channel.values
    activities, links, reached = [], [], []
    for village in villages:
        active = village.code in ACTIVE_VILLAGES
        household_ids = list(village.households.values_list("pk", flat=True))
        for month in range(1, (today.month if today.year == YEAR else 12) + 1):
            if not active and rng.random() < 0.5:
                continue
            channel = rng.choice(channels)
            everyone = channel in (Channel.LOUDSPEAKER, Channel.ZALO) and active
            activity = CommunicationActivity(
                commune=commune,
                # Never after today: a report counts only what has happened.
                date=min(datetime.date(YEAR, month, rng.randint(1, 28)), today),
                channel=channel,
                title=rng.choice(TOPICS),
                reaches_all_households=everyone,
            )
            activities.append(activity)
            links.append(
                (
                    activity,
                    village,
                    []
                    if everyone
                    else rng.sample(household_ids, min(len(household_ids), rng.randint(5, 15))),
                )
            )
    CommunicationActivity.objects.bulk_create(activities)
    through_villages.objects.bulk_create(
        [through_villages(communicationactivity_id=a.pk, village_id=v.pk) for a, v, _ in links]
    )
    for activity, _, ids in links:
        reached.extend(
            through_households(communicationactivity_id=activity.pk, household_id=pk) for pk in ids
        )
    through_households.objects.bulk_create(reached)


def _ocop(commune, villages):
    by_code = {v.code: v for v in villages}
    platforms = {p.code: p for p in Platform.objects.of(commune).filter(is_ecommerce=True)}
    for name, producer, code, stars, listed in OCOP_PRODUCTS:
        product, created = OcopProduct.objects.get_or_create(
            commune=commune,
            name=name,
            defaults={"producer": producer, "village": by_code.get(code), "stars": stars},
        )
        if created:
            product.listed_on.set([platforms[c] for c in listed if c in platforms])
