from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from teams.models import Commune, Role, User, Village
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_village_leader_without_village_is_rejected(world):
    user = User(username="x", role=Role.LEADER, commune=world.commune)
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "village" in error.value.message_dict


def test_village_of_another_commune_is_rejected(world):
    user = User(
        username="x",
        role=Role.LEADER,
        commune=world.commune,
        village=world.other_commune_village,
    )
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "village" in error.value.message_dict


def test_leader_takes_the_commune_of_their_village(world):
    user = User(username="x", role=Role.LEADER, village=world.village_b)
    user.full_clean(exclude=["password"])
    assert user.commune == world.commune


def test_full_name_is_kept_family_name_first():
    user = UserFactory.build(full_name="Trần Văn Bình")
    assert user.get_full_name() == "Trần Văn Bình"
    assert user.get_short_name() == "Bình"


def test_seed_demo_is_idempotent_and_gives_every_role():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Commune.objects.get(code="LIENMINH").name == "Liên Minh"
    assert Village.objects.filter(commune__code="LIENMINH").count() == 12
    assert Village.objects.filter(name="Xóm Đồng Tâm").exists()
    roles = set(User.objects.exclude(role="").values_list("role", flat=True))
    assert roles == set(Role.values)
    leader = User.objects.get(username="totruong01")
    assert leader.village.code == "LM01"
    assert leader.check_password("binhdan@2026")
