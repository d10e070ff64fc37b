"""The teams app's services refuse what the acting user may not change, whatever the view did
before them (teams/services.py): the same scope as the models' `for_user(by, write=True)`."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from teams import services
from teams.models import ActivityDay, Member, Role, TrainingSession, Village
from tests.factories import (
    CommuneFactory,
    MemberFactory,
    UserFactory,
    activity_day_of,
    commune_team,
    member_of,
    village_team,
)

DAY = datetime.date(2026, 11, 10)


@pytest.mark.django_db
def test_a_leader_writes_in_their_own_village_only(world):
    leader = world.users["leader"]
    own, other = member_of(world.village_a), member_of(world.village_b)
    own.full_name = "Nguyễn Thị Hoa"
    services.save_member(own, leader)  # their own team: fine

    other.full_name = "Trần Văn Nam"
    with pytest.raises(PermissionDenied):
        services.save_member(other, leader)
    with pytest.raises(PermissionDenied):
        services.save_member(Member(team=village_team(world.village_b), full_name="X"), leader)
    own.team = village_team(world.village_b)  # moved out of their village: refused too
    with pytest.raises(PermissionDenied):
        services.save_member(own, leader)
    with pytest.raises(PermissionDenied):
        services.deactivate_member(other, DAY, leader)
    with pytest.raises(PermissionDenied):
        services.make_leader(other, leader)
    with pytest.raises(PermissionDenied):
        services.save_activity_day(
            ActivityDay(team=village_team(world.village_b), date=DAY, hours=4), leader
        )
    with pytest.raises(PermissionDenied):  # a session for all teams is the commune's
        services.save_training(
            TrainingSession(commune=world.commune, date=DAY, place="Nhà văn hóa"), leader
        )
    assert Member.objects.get(pk=other.pk).full_name != "Trần Văn Nam"


@pytest.mark.django_db
def test_roles_that_only_look_and_other_communes_offices_write_nothing(world):
    police, leadership = world.users["police"], world.users["leadership"]
    elsewhere = UserFactory(role=Role.OFFICE, commune=CommuneFactory(code="KHAC"))
    day = activity_day_of(world.village_a)
    for user in (police, leadership, elsewhere):
        with pytest.raises(PermissionDenied):
            services.save_activity_day(day, user)
        with pytest.raises(PermissionDenied):
            services.save_village(Village(commune=world.commune, code="LM9", name="Thôn Mới"), user)
        with pytest.raises(PermissionDenied):
            services.save_team(commune_team(world.commune), user)
    assert not Village.objects.filter(code="LM9").exists()


@pytest.mark.django_db
def test_the_office_and_commands_write_in_the_commune(world):
    office = world.users["office"]
    village = services.save_village(
        Village(commune=world.commune, code="LM9", name="Thôn Mới"), office
    )
    services.save_training(
        TrainingSession(commune=world.commune, date=DAY, place="Hội trường UBND xã"), office
    )
    services.save_activity_day(ActivityDay(team=village_team(village), date=DAY, hours=4), office)
    services.save_member(MemberFactory.build(team=village_team(world.other_commune_village)), None)
    assert ActivityDay.objects.filter(team__village=village).count() == 1
