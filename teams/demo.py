"""Demo data for the Liên Minh commune: villages, one demo user per role (seed), the
teams with members, trainings and activity days (seed_teams), and the allowance rule with
the attendance of the activity days (seed_allowances).

Idempotent: running it again updates the same rows (matched by code or username).
"""

import datetime
import random
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from binhdan.communes import province_of
from teams import catalogues
from teams.models import (
    ActivityDay,
    AllowanceRule,
    Commune,
    Member,
    MemberRole,
    Role,
    Team,
    TeamLevel,
    TrainingSession,
    TrainingTopic,
    User,
    Village,
)

DEMO_PASSWORD = "binhdan@2026"

COMMUNE = {"code": "LIENMINH", "name": "Liên Minh"}
PROVINCE = "Thái Nguyên"

VILLAGES = [
    ("LM01", "Thôn Đông"),
    ("LM02", "Thôn Đoài"),
    ("LM03", "Thôn Trung"),
    ("LM04", "Xóm Chùa"),
    ("LM05", "Thôn Thượng"),
    ("LM06", "Thôn Hạ"),
    ("LM07", "Xóm Mới"),
    ("LM08", "Thôn An Lạc"),
    ("LM09", "Thôn Phú Mỹ"),
    ("LM10", "Thôn Bình Minh"),
    ("LM11", "Xóm Đồng Tâm"),
    ("LM12", "Thôn Tân Lập"),
]

# username, full name, role, village code (village roles only)
USERS = [
    ("vanphong", "Nguyễn Thị Hương", Role.OFFICE, None),
    ("lanhdao", "Phạm Trí Dũng", Role.LEADERSHIP, None),
    ("congan", "Hoàng Văn Quân", Role.POLICE, None),
    ("totruong01", "Trần Văn Bình", Role.LEADER, "LM01"),
    ("totruong02", "Lê Thị Mai", Role.LEADER, "LM02"),
    ("tovien01", "Đỗ Minh Tuấn", Role.MEMBER, "LM01"),
    ("sokhcn", "Ngô Thị Thu Hà", Role.DEPARTMENT, None),  # Sở KH&CN of the province
]


@transaction.atomic
def seed() -> Commune:
    commune, _ = Commune.objects.update_or_create(
        code=COMMUNE["code"],
        defaults={
            "name": COMMUNE["name"],
            "province": province_of(PROVINCE),
        },
    )
    catalogues.seed(commune)  # the platforms and kinds of support: households.demo
    villages = {}
    for code, name in VILLAGES:
        villages[code], _ = Village.objects.update_or_create(
            commune=commune, code=code, defaults={"name": name, "is_active": True}
        )

    # A person's name, as for every account: the admin greets a user by the given name, the
    # last word of the full name ("Quản trị hệ thống" was greeted as "THỐNG").
    admin, created = User.objects.get_or_create(username="admin")
    admin.full_name = "Vũ Đức Thành"
    admin.is_staff = admin.is_superuser = True
    if created:
        admin.set_password(DEMO_PASSWORD)
    admin.save()

    for username, full_name, role, village_code in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.role = role
        # The Department's staff belong to the province, everyone else to the commune.
        user.province = commune.province if role == Role.DEPARTMENT else None
        user.commune = None if role == Role.DEPARTMENT else commune
        user.village = villages[village_code] if village_code else None
        if created:
            user.set_password(DEMO_PASSWORD)
        user.full_clean(exclude=["password"])
        user.save()
    return commune


# --- Teams: members, trainings and activity days ------------------------------------------

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương"]
MIDDLE_MEN = ["Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu", "Công"]
MIDDLE_WOMEN = ["Thị", "Thu", "Ngọc", "Thanh", "Phương"]
GIVEN_MEN = ["Hùng", "Dũng", "Thắng", "Long", "Nam", "Tuấn", "Sơn", "Hải", "Cường", "Khoa"]
GIVEN_WOMEN = ["Lan", "Hương", "Mai", "Hoa", "Thảo", "Hằng", "Yến", "Nga", "Linh", "Trang"]

REQUIRED_ROLE_CODES = [
    "bi-thu-chi-bo",
    "truong-ban-mat-tran",
    "truong-thon",
    "dai-dien-hoi-doan-the",
    "an-ninh-co-so",
    "y-te-thon",
]
# village code: (members, required roles the team still lacks, has a leader)
TEAM_SHAPES = {
    "LM01": (10, (), True),
    "LM02": (9, (), True),
    "LM03": (12, (), True),
    "LM04": (8, ("y-te-thon",), True),
    "LM05": (11, (), True),
    "LM06": (7, ("an-ninh-co-so",), True),
    "LM07": (9, (), True),
    "LM08": (10, ("truong-ban-mat-tran",), True),
    "LM09": (12, (), True),
    "LM10": (8, ("y-te-thon", "dai-dien-hoi-doan-the"), True),
    "LM11": (9, (), False),
    "LM12": (11, (), True),
}
ACTIVITIES = [
    "Gõ cửa từng nhà hướng dẫn cài đặt, kích hoạt VNeID",
    "Cầm tay chỉ việc nộp hồ sơ dịch vụ công trực tuyến",
    "Hỗ trợ người dân mở tài khoản, thanh toán không dùng tiền mặt",
    "Tuyên truyền trên loa truyền thanh thôn và nhóm Zalo cộng đồng",
    "Hỗ trợ tại điểm hỗ trợ cộng đồng ở nhà văn hóa",
    "Hướng dẫn nhận diện lừa đảo trực tuyến cho người cao tuổi",
]


def _name(rng, used) -> str:
    while True:
        if rng.random() < 0.55:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MEN)} {rng.choice(GIVEN_MEN)}"
        else:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_WOMEN)} {rng.choice(GIVEN_WOMEN)}"
        if name not in used:
            used.add(name)
            return name


def _member(team, full_name, role, rng, *, leader=False, youth=False, user=None):
    member, _ = Member.objects.update_or_create(
        team=team,
        full_name=full_name,
        defaults={
            "role": role,
            "is_youth_union": youth,
            "phone": f"09{rng.randrange(10**7, 10**8)}",
            "joined_on": datetime.date(2025, 10, 20),
            "left_on": None,
        },
    )
    if leader and not member.is_leader:
        member.make_leader()
    if user is not None and member.user_id != user.pk:
        Member.objects.filter(user=user).exclude(pk=member.pk).update(user=None)
        member.user = user
        member.save(update_fields=["user"])
    return member


@transaction.atomic
def seed_teams(commune: Commune) -> None:
    """Every village's team (some incomplete), the commune team, trainings, activity days."""
    roles = {role.code: role for role in MemberRole.objects.of(commune)}
    users = {u.username: u for u in User.objects.filter(username__in=["totruong01", "tovien01"])}
    teams = []

    commune_team, _ = Team.objects.update_or_create(
        commune=commune,
        level=TeamLevel.COMMUNE,
        defaults={"name": f"Tổ CNSCĐ xã {commune.name}", "founded_on": datetime.date(2025, 10, 20)},
    )
    rng = random.Random("commune-team")
    used: set[str] = set()
    for i in range(16):
        youth = i % 4 == 1
        role = roles["doan-vien-thanh-nien" if youth else "khac"]
        _member(commune_team, _name(rng, used), role, rng, leader=(i == 0), youth=youth)
    teams.append(commune_team)

    for village in commune.villages.filter(is_active=True):
        size, lacking, has_leader = TEAM_SHAPES.get(village.code, (9, (), True))
        team, _ = Team.objects.update_or_create(
            village=village,
            defaults={
                "commune": commune,
                "level": TeamLevel.VILLAGE,
                "name": f"Tổ CNSCĐ {village.name}",
                "founded_on": datetime.date(2025, 10, 25),
            },
        )
        teams.append(team)
        rng = random.Random(village.code)
        used = set()
        codes = [c for c in REQUIRED_ROLE_CODES if c not in lacking]
        codes += ["doan-vien-thanh-nien", "doan-vien-thanh-nien", "khac"] * 4
        for i, code in enumerate(codes[:size]):
            leader = has_leader and code == "truong-thon"
            user = None
            if village.code == "LM01" and code == "truong-thon":
                name, user = "Trần Văn Bình", users.get("totruong01")
            elif village.code == "LM01" and i == size - 1:
                name, user = "Đỗ Minh Tuấn", users.get("tovien01")
            else:
                name = _name(rng, used)
            youth = code == "doan-vien-thanh-nien" or (code == "khac" and rng.random() < 0.3)
            _member(team, name, roles[code], rng, leader=leader, youth=youth, user=user)
        if not has_leader:
            team.members.filter(left_on__isnull=True).update(is_leader=False)

    _seed_trainings(commune, teams, roles)
    _seed_activity_days(teams)


def _seed_trainings(commune, teams, roles) -> None:
    topics = {t.number: t for t in TrainingTopic.objects.all()}
    village_teams = [t for t in teams if t.village_id]
    plan = [
        # date, team (None = commune-wide), place, organiser, topics, who attended
        (
            datetime.date(2026, 1, 15),
            None,
            "Hội trường UBND xã Liên Minh",
            "UBND xã Liên Minh",
            [1, 2],
            "leaders",
        ),
        (
            datetime.date(2026, 4, 22),
            None,
            "Hội trường UBND xã Liên Minh",
            "Phòng Văn hóa - Xã hội phối hợp Công an xã",
            [3, 4, 5],
            "half",
        ),
        (
            datetime.date(2026, 6, 10),
            village_teams[0],
            "Nhà văn hóa Thôn Đông",
            "Tổ CNSCĐ Thôn Đông",
            [6],
            "team",
        ),
        (
            datetime.date(2026, 8, 12),
            village_teams[2],
            "Nhà văn hóa Thôn Trung",
            "Tổ CNSCĐ xã Liên Minh",
            [2, 4],
            "team",
        ),
    ]
    for day, team, place, organiser, numbers, who in plan:
        if day > timezone.localdate():
            continue  # a training yet to come is not recorded
        session, _ = TrainingSession.objects.update_or_create(
            commune=commune, team=team, date=day, place=place, defaults={"organiser": organiser}
        )
        session.topics.set([topics[n] for n in numbers if n in topics])
        active = Member.objects.active(day).filter(team__in=[team] if team else teams)
        if who == "leaders":
            attendees = active.filter(models.Q(is_leader=True) | models.Q(team__level="commune"))
        elif who == "half":
            attendees = [m for m in active.order_by("pk") if m.pk % 2 == 0]
        else:
            attendees = active
        session.attendees.set(attendees)


def _seed_activity_days(teams) -> None:
    today = timezone.localdate()
    monday = datetime.date(2026, 1, 5)
    for team in teams:
        rng = random.Random(f"activity-{team.pk}-{team.name}")
        skip_rate = rng.choice([0.03, 0.08, 0.15, 0.25])
        existing = set(team.activity_days.values_list("date", flat=True))
        new = []
        week = monday
        while week <= today:
            if rng.random() >= skip_rate:
                day = week + datetime.timedelta(days=rng.choice([1, 3, 5, 6]))
                hours = Decimal(rng.choice(["4", "4", "4.5", "5", "6", "3.5"]))
                description = rng.choice(ACTIVITIES)  # drawn every time: runs stay identical
                if day <= today and day not in existing:
                    new.append(
                        ActivityDay(team=team, date=day, hours=hours, description=description)
                    )
            week += datetime.timedelta(days=7)
        ActivityDay.objects.bulk_create(new)


# --- Allowances (chế độ hỗ trợ) -----------------------------------------------------------

#: Modelled on Bình Dương's Nghị quyết 27/2023/NQ-HĐND: 60,000 đ per member per month and
#: 150,000 đ per day mobilised; the days paid capped at 8 a month for the demo.
DEMO_RULE = {
    "resolution": "Nghị quyết 27/2023/NQ-HĐND tỉnh Bình Dương (mô phỏng)",
    "per_person_month": 60_000,
    "per_person_day": 150_000,
    "max_days_per_person_month": 8,
    "exclude_budget_paid": True,
}


@transaction.atomic
def seed_allowances(commune: Commune) -> None:
    """The commune's allowance rule, two civil servants of the commune team (paid from the
    budget: excluded), and who attended each activity day (about three in four of the
    team's members active that day), so that the allowances page shows figures at once."""
    AllowanceRule.objects.update_or_create(
        commune=commune, valid_from=datetime.date(2026, 1, 1), defaults=DEMO_RULE
    )
    commune_team = Team.objects.get(commune=commune, level=TeamLevel.COMMUNE)
    servants = commune_team.members.filter(is_leader=False).order_by("pk")[:2]
    Member.objects.filter(pk__in=[m.pk for m in servants]).update(paid_from_budget=True)
    Attendance = ActivityDay.attendees.through
    days = ActivityDay.objects.filter(team__commune=commune, attendees__isnull=True).order_by("pk")
    members = list(
        Member.objects.filter(team__commune=commune).values("pk", "team_id", "joined_on", "left_on")
    )
    rows = []
    for day in days.distinct():
        rng = random.Random(f"attendance-{day.team_id}-{day.date}")
        for member in members:
            active = (member["joined_on"] is None or member["joined_on"] <= day.date) and (
                member["left_on"] is None or day.date < member["left_on"]
            )
            if member["team_id"] == day.team_id and active and rng.random() < 0.75:
                rows.append(Attendance(activityday_id=day.pk, member_id=member["pk"]))
    Attendance.objects.bulk_create(rows, batch_size=2000)
