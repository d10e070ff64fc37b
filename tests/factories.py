"""factory_boy factories shared by the whole suite.

The factories of what the dashboard's tallies count (households, visits, platform records,
communication activities) write through the services or refresh the tallies themselves, as
the portal does: the tally guard (reports/kpis/tallyguard.py, tests/conftest.py) fails a test
that leaves a write not recounted.
"""

import datetime
from decimal import Decimal

import factory
from django.db import transaction
from django.utils import timezone

from binhdan.communes import open_commune, province_of
from households import services
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
from reports.kpis import tallies
from teams.models import (
    ActivityDay,
    Commune,
    Member,
    MemberRole,
    Role,
    Team,
    TeamLevel,
    TrainingSession,
    User,
    Village,
)

TEST_PASSWORD = "mat-khau-thu-2026"


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune opened as the portal opens one: with its own catalogues (roles, platforms,
    kinds of support). A code already used gives that commune back."""

    class Meta:
        model = Commune

    code = factory.Sequence(lambda n: f"XA{n:03d}")
    name = factory.Sequence(lambda n: f"Liên Minh {n}")
    province = factory.LazyFunction(lambda: province_of("Thái Nguyên"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        existing = model_class.objects.filter(code=kwargs["code"]).first()
        return existing or open_commune(model_class(*args, **kwargs))


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    commune = factory.SubFactory(CommuneFactory)
    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Thôn Đông {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = "Nguyễn Văn An"
    role = Role.OFFICE
    commune = factory.LazyAttribute(lambda o: o.village.commune if o.village else None)
    village = None
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


# --- teams -------------------------------------------------------------------------------


class TeamFactory(factory.django.DjangoModelFactory):
    """A village team (pass level="commune", village=None for the commune team)."""

    class Meta:
        model = Team

    level = TeamLevel.VILLAGE
    village = factory.SubFactory(VillageFactory)
    commune = factory.LazyAttribute(lambda o: o.village.commune if o.village else None)
    name = factory.LazyAttribute(
        lambda o: f"Tổ CNSCĐ {o.village.name}" if o.village else "Tổ CNSCĐ xã"
    )


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    team = factory.SubFactory(TeamFactory)
    full_name = factory.Iterator(
        ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Đức", "Phạm Thu Hà", "Hoàng Văn Nam"]
    )
    role = factory.LazyAttribute(lambda o: role_of(o.team.commune_id, "khac"))


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    commune = factory.SubFactory(CommuneFactory)
    date = datetime.date(2026, 3, 10)
    place = "Hội trường UBND xã"
    organiser = "UBND xã Liên Minh"


class ActivityDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityDay

    team = factory.SubFactory(TeamFactory)
    date = datetime.date(2026, 3, 10)
    hours = Decimal("4.0")


# --- households --------------------------------------------------------------------------


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    village = factory.SubFactory(VillageFactory)
    head_name = factory.Iterator(
        ["Nguyễn Văn Tuấn", "Đỗ Thị Hồng", "Vũ Văn Long", "Bùi Thị Nga", "Đặng Quốc Việt"]
    )
    address = factory.Sequence(lambda n: f"Số {n + 1}, ngõ Chùa")
    people_count = 4
    # When it entered the registry, for its change history (K4): today unless given.
    recorded_on = None
    recorded_at = datetime.time(9)

    @classmethod
    def _create(cls, model_class, *args, recorded_on=None, recorded_at=None, **kwargs):
        household = model_class(*args, **kwargs)
        if recorded_on is None:
            services.save_household(household, None)
        else:
            save_on(household, recorded_on, recorded_at)
        return household


def save_on(household, day: datetime.date, time=datetime.time(9)) -> Household:
    """Save the household (households.services.save_household) as if on `day` at `time`
    (local time): its change history dates the new version then, as if the registry had
    been kept that day."""
    household._history_date = timezone.make_aware(datetime.datetime.combine(day, time))
    try:
        services.save_household(household, None)
    finally:
        del household._history_date
    return household


class SupportVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportVisit

    member = factory.SubFactory(MemberFactory)
    team = factory.LazyAttribute(lambda o: o.member.team)
    date = datetime.date(2026, 3, 10)
    household = None
    walk_in_name = "Người dân vãng lai"
    method = SupportMethod.DOOR_TO_DOOR
    people_helped = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_visit(model_class(*args, **kwargs), None)


# --- teams: get-or-create helpers for the access table and page tests ----------------------


def village_team(village) -> Team:
    """The team of `village`, created on first use."""
    team = Team.objects.filter(village=village).first()
    return team or TeamFactory(village=village)


def commune_team(commune) -> Team:
    team = Team.objects.filter(commune=commune, level=TeamLevel.COMMUNE).first()
    return team or TeamFactory(level=TeamLevel.COMMUNE, village=None, commune=commune)


def member_of(village) -> Member:
    """An active member of `village`'s team."""
    team = village_team(village)
    return team.members.first() or MemberFactory(team=team)


def training_of(village) -> TrainingSession:
    """A training session of `village`'s team, attended by one of its members."""
    team = village_team(village)
    session = TrainingSessionFactory(commune=team.commune, team=team)
    session.attendees.add(member_of(village))
    return session


def commune_wide_training(commune) -> TrainingSession:
    return TrainingSessionFactory(commune=commune, team=None)


def activity_day_of(village) -> ActivityDay:
    return ActivityDayFactory(team=village_team(village))


def ensure_catalogues() -> None:
    """Re-seed the training topics: transactional (browser) tests flush the database between
    tests, migration data included. (Roles, platforms and kinds of support come with each
    commune: CommuneFactory.)"""
    import importlib

    from django.apps import apps

    importlib.import_module("teams.migrations.0003_seed_catalogues").seed_topics(apps, None)
    importlib.import_module("teams.migrations.0014_digital_skills_framework").seed(apps, None)


# --- catalogue entries of a commune, by code ----------------------------------------------


def role_of(commune, code: str) -> MemberRole:
    """The role `code` of `commune`'s catalogue (a Commune or its id)."""
    return MemberRole.objects.of(commune).get(code=code)


def platform_of(commune, code: str) -> Platform:
    return Platform.objects.of(commune).get(code=code)


def support_types_of(commune, *codes: str):
    return SupportType.objects.of(commune).filter(code__in=codes)


# --- reports (issue 5: KPIs) ---------------------------------------------------------------


class HouseholdPlatformFactory(factory.django.DjangoModelFactory):
    """A platform a household uses; `platform` defaults to VNeID (essential), received and
    activated the same day unless `activated_on` says otherwise (None: received only)."""

    class Meta:
        model = HouseholdPlatform

    household = factory.SubFactory(HouseholdFactory)
    platform = factory.LazyAttribute(lambda o: platform_of(o.household.village.commune_id, "vneid"))
    first_recorded_on = datetime.date(2026, 3, 10)
    activated_on = factory.LazyAttribute(
        lambda o: o.first_recorded_on if o.platform.code == "vneid" else None
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with transaction.atomic():  # in autocommit (transactional tests) too
            record = super()._create(model_class, *args, **kwargs)
            tallies.refresh(villages=[record.household.village_id], assignments=False)
        return record


class CommunicationActivityFactory(factory.django.DjangoModelFactory):
    """Pass villages=[...] and households=[...] (many-to-many) as lists; by default it
    reaches only the chosen households (reaches_all_households=True for a broadcast)."""

    class Meta:
        model = CommunicationActivity
        skip_postgeneration_save = True

    commune = factory.SubFactory(CommuneFactory)
    date = datetime.date(2026, 3, 10)
    channel = Channel.LOUDSPEAKER
    title = "Tuyên truyền cài đặt VNeID"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_communication(model_class(*args, **kwargs), None)

    @factory.post_generation
    def villages(obj, create, extracted, **kwargs):
        if create and extracted:
            services.save_communication(obj, None, villages=extracted)

    @factory.post_generation
    def households(obj, create, extracted, **kwargs):
        if create and extracted:
            services.save_communication(obj, None, households=extracted)


class OcopProductFactory(factory.django.DjangoModelFactory):
    """An OCOP product; listed_on=[platform codes] lists it on those platforms."""

    class Meta:
        model = OcopProduct
        skip_postgeneration_save = True

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Chè Tân Cương {n}")
    stars = 3

    @factory.post_generation
    def listed_on(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.listed_on.set(Platform.objects.of(obj.commune).filter(code__in=extracted))


# --- reports: emulation nominations (thi đua) ----------------------------------------------


class NominationFactory(factory.django.DjangoModelFactory):
    """A proposed "Khu dân cư điện tử" nomination of `village` (pass another category with
    the nominee it needs)."""

    class Meta:
        model = "reports.Nomination"

    village = factory.SubFactory(VillageFactory)
    commune = factory.LazyAttribute(lambda o: o.village.commune)
    year = 2026
    category = "electronic_area"
    reason = "Tỷ lệ hộ dân sử dụng nền tảng số thiết yếu cao nhất xã."


def local_time(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    """A moment in the commune's time (Asia/Ho_Chi_Minh), for a workflow step's `at`."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))
