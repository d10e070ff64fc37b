"""binhdan.access: the one place that answers which villages a user may see or change."""

import pytest

from binhdan.access import communes_for, villages_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("office", ["LM01", "LM02"], ["LM01", "LM02"]),
        ("leader", ["LM01"], ["LM01"]),
        ("member", ["LM01"], ["LM01"]),
        ("leadership", ["LM01", "LM02"], []),
        ("police", ["LM01", "LM02"], []),
    ],
)
def test_villages_for_each_role(world, role, read, write):
    user = world.users[role]
    assert codes(villages_for(user)) == read
    assert codes(villages_for(user, write=True)) == write
    assert codes(communes_for(user)) == ["LIENMINH"]


def test_superuser_sees_every_commune(world):
    admin = UserFactory(username="root", role="", is_superuser=True, is_staff=True)
    assert codes(villages_for(admin)) == ["KH01", "LM01", "LM02"]


def test_user_without_role_sees_nothing(world):
    nobody = UserFactory(username="norole", role="", commune=world.commune)
    assert not villages_for(nobody).exists()
    assert not communes_for(nobody).exists()
