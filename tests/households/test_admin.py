"""The Django admin writes through the services, as the portal's pages do: the change
history names the user, deleting erases personal data, and the tallies stay right."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from households.models import Household, Platform, SupportType, SupportVisit
from reports.kpis import tallies
from tests.factories import HouseholdFactory, MemberFactory, SupportVisitFactory, TeamFactory


@pytest.fixture
def admin_client_(world):
    from teams.models import User

    admin = User.objects.create_superuser("quantri", "qt@example.com", "mat-khau-quan-tri-2026")
    client = Client()
    client.force_login(admin)
    return client, admin


def test_a_household_deleted_in_the_admin_is_erased_from_its_history(world, admin_client_):
    client, admin = admin_client_
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    home = HouseholdFactory(village=world.village_a, head_name="Lò Văn Páo", has_elderly=True)
    SupportVisitFactory(member=member, household=home, walk_in_name="")

    url = reverse("admin:households_household_delete", args=[home.pk])
    response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Household.objects.filter(pk=home.pk).exists()
    versions = Household.history.filter(id=home.pk)
    assert {v.head_name for v in versions} == {"(hộ đã xóa)"}
    assert versions.get(history_type="-").history_user == admin
    assert SupportVisit.objects.get().household is None
    assert tallies.differences() == []


def test_a_visit_moved_in_the_admin_recounts_both_teams(world, admin_client_):
    client, admin = admin_client_
    first = MemberFactory(team=TeamFactory(village=world.village_a))
    second = MemberFactory(team=TeamFactory(village=world.village_b))
    visit = SupportVisitFactory(member=first, date=datetime.date(2026, 3, 10))
    url = reverse("admin:households_supportvisit_change", args=[visit.pk])
    data = {
        "team": second.team.pk,
        "member": second.pk,
        "date": "10/03/2026",
        "household": "",
        "walk_in_name": "Người dân vãng lai",
        "support_types": [SupportType.objects.of(world.commune).first().pk],
        "method": "door_to_door",
        "people_helped": "2",
        "notes": "",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert SupportVisit.objects.get().team == second.team
    assert SupportVisit.history.filter(id=visit.pk).first().history_user == admin
    assert tallies.differences() == []


def test_a_platform_made_essential_in_the_admin_list_recounts_every_village(world, admin_client_):
    client, _admin = admin_client_
    home = HouseholdFactory(village=world.village_a)
    zalo = Platform.objects.create(commune=world.commune, code="zalo-test", name="Zalo")
    home.householdplatform_set.create(platform=zalo, first_recorded_on=datetime.date(2026, 3, 1))
    tallies.refresh(villages=[home.village_id], assignments=False)
    platforms = list(Platform.objects.of(world.commune).order_by("sort_order", "name"))
    data = {"form-TOTAL_FORMS": len(platforms), "form-INITIAL_FORMS": len(platforms), "_save": "1"}
    for n, platform in enumerate(platforms):
        data[f"form-{n}-id"] = platform.pk
        data[f"form-{n}-sort_order"] = platform.sort_order
        for flag in ("is_essential", "is_ecommerce", "is_active"):
            if getattr(platform, flag) or (platform == zalo and flag == "is_essential"):
                data[f"form-{n}-{flag}"] = "on"

    response = client.post(reverse("admin:households_platform_changelist"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Platform.objects.of(world.commune).get(pk=zalo.pk).is_essential
    assert tallies.differences() == []
