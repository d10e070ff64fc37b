"""Every date that records something that happened lies between the plan's start and today.

Support visits, activity days, communication, trainings, a member joining or leaving, a team
founded: each form refuses a day in the future and one before the plan (01/10/2025) with the
allowed range in the message, and takes today (binhdan/dates.py).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from binhdan.dates import PLAN_START, HappenedDateField, validate_happened
from households.forms import CommunicationForm, SupportVisitForm
from households.models import Channel, SupportType
from teams.forms import (
    ActivityDayForm,
    DeactivateMemberForm,
    MemberForm,
    TeamForm,
    TrainingSessionForm,
)
from teams.models import MemberRole, Team, TrainingTopic
from tests.factories import HouseholdFactory, MemberFactory, village_team

pytestmark = pytest.mark.django_db


def refusal(today):
    return f"Ngày phải từ 01/10/2025 đến hôm nay ({today:%d/%m/%Y})."


def visit(world):
    member = MemberFactory(team=village_team(world.village_a), user=world.users["member"])
    household = HouseholdFactory(village=world.village_a)
    data = {
        "member": member.pk,
        "household": household.pk,
        "support_types": [SupportType.objects.of(world.commune).get(code="vneid-kich-hoat").pk],
        "method": "door_to_door",
        "people_helped": "1",
    }
    return lambda: SupportVisitForm, {"user": world.users["member"]}, data, "date"


def communication(world):
    data = {"channel": Channel.LOUDSPEAKER, "title": "Cài VNeID", "villages": [world.village_a.pk]}
    data["reaches_all_households"] = "on"
    return lambda: CommunicationForm, {"user": world.users["leader"]}, data, "date"


def activity_day(world):
    kwargs = {"team": village_team(world.village_a)}
    return lambda: ActivityDayForm, kwargs, {"hours": "4"}, "date"


def training(world):
    team = village_team(world.village_a)
    kwargs = {
        "teams": Team.objects.filter(pk=team.pk),
        "commune": world.commune,
        "allow_commune_wide": False,
    }
    data = {
        "team": team.pk,
        "place": "Nhà văn hóa thôn",
        "organiser": "Tổ CNSCĐ",
        "topics": [TrainingTopic.objects.first().pk],
    }
    return lambda: TrainingSessionForm, kwargs, data, "date"


def member_joining(world):
    data = {
        "full_name": "Nguyễn Văn Thắng",
        "role": MemberRole.objects.of(world.commune).first().pk,
    }
    return lambda: MemberForm, {"team": village_team(world.village_a)}, data, "joined_on"


def member_leaving(world):
    member = MemberFactory(team=village_team(world.village_a))
    return lambda: DeactivateMemberForm, {"member": member}, {}, "left_on"


def team_founded(world):
    data = {"level": "village", "village": world.village_b.pk, "name": ""}
    return lambda: TeamForm, {"commune": world.commune}, data, "founded_on"


FORMS = [visit, communication, activity_day, training, member_joining, member_leaving]
FORMS += [team_founded]


@pytest.mark.parametrize("form_of", FORMS, ids=lambda f: f.__name__)
def test_a_day_in_the_future_or_before_the_plan_is_refused_with_the_range(world, form_of):
    form_class, kwargs, data, field = form_of(world)
    today = timezone.localdate()
    for day in (today + datetime.timedelta(days=1), datetime.date(2025, 9, 30)):
        form = form_class()({**data, field: f"{day:%d/%m/%Y}"}, **kwargs)
        assert not form.is_valid()
        assert form.errors[field] == [refusal(today)]


@pytest.mark.parametrize("form_of", FORMS, ids=lambda f: f.__name__)
def test_today_and_the_plan_s_first_day_are_taken(world, form_of):
    form_class, kwargs, data, field = form_of(world)
    for day in (timezone.localdate(), PLAN_START):
        form = form_class()({**data, field: f"{day:%d/%m/%Y}"}, **kwargs)
        assert form.is_valid(), form.errors


@pytest.mark.parametrize("typed", ["31/12/9999", "01/01/0001", "01/01/1900"])
def test_absurd_years_are_refused_too(world, typed):
    form_class, kwargs, data, field = visit(world)
    form = form_class()({**data, field: typed}, **kwargs)
    assert form.errors[field] == [refusal(timezone.localdate())]


def test_the_rule_is_plain_arithmetic_over_dates():
    today = datetime.date(2026, 11, 30)
    validate_happened(today, today=today)
    validate_happened(PLAN_START, today=today)
    validate_happened(None, today=today)  # an empty optional date is no claim
    for day in (datetime.date(2026, 12, 1), datetime.date(2025, 9, 30)):
        with pytest.raises(ValidationError, match="01/10/2025 đến hôm nay \\(30/11/2026\\)"):
            validate_happened(day, today=today)
    # A later earliest day narrows the range (a document date after its figures were frozen).
    with pytest.raises(ValidationError, match="Ngày phải từ 20/11/2026"):
        validate_happened(datetime.date(2026, 11, 19), earliest=datetime.date(2026, 11, 20))


def test_a_plain_form_field_for_such_a_date_reads_dd_mm_yyyy():
    field = HappenedDateField()
    assert field.clean(f"{PLAN_START:%d/%m/%Y}") == PLAN_START
