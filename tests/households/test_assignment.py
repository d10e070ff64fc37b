"""Assigning households to a member: what it would change is said before it is saved, many
pages of a filtered list are assigned at once, and nothing leaves the user's villages."""

import pytest
from django.urls import reverse

from households.models import Household
from households.services import (
    AssignmentRefused,
    InCharge,
    assign_households,
    handover,
    summarise_handover,
)
from reports.kpis import tallies
from tests.factories import HouseholdFactory, MemberFactory, TeamFactory

ASSIGN = reverse("households:household_assign")


# --- the handover, pure ---------------------------------------------------------------------


def test_handover_counts_each_other_member_most_households_first():
    told = summarise_handover(
        [(7, "Trần Thị Lan", 2), (None, None, 4), (3, "Nguyễn Văn An", 5), (9, "Lê Văn Bình", 1)],
        member_id=9,
    )
    assert told.taken_from == (InCharge("Nguyễn Văn An", 5), InCharge("Trần Thị Lan", 2))
    assert (told.unassigned, told.already, told.total) == (4, 1, 12)
    assert told.needs_confirmation


def test_handover_of_households_without_a_member_or_already_with_this_one_needs_no_confirmation():
    told = summarise_handover([(None, None, 3), (9, "Lê Văn Bình", 2)], member_id=9)
    assert told.taken_from == ()
    assert not told.needs_confirmation


def test_members_with_as_many_households_are_in_the_order_of_commune_lists():
    told = summarise_handover([(1, "Trần Văn Bình", 2), (2, "Lê Thị An", 2)], member_id=5)
    assert [line.name for line in told.taken_from] == ["Lê Thị An", "Trần Văn Bình"]


# --- the service ----------------------------------------------------------------------------


@pytest.fixture
def team_a(world):
    team = TeamFactory(village=world.village_a)
    return {
        "an": MemberFactory(team=team, full_name="Nguyễn Văn An"),
        "lan": MemberFactory(team=team, full_name="Trần Thị Lan"),
    }


def test_assigning_counts_only_the_households_that_change_hands(world, team_a):
    an, lan = team_a["an"], team_a["lan"]
    kept = HouseholdFactory(village=world.village_a, member_in_charge=lan)
    taken = HouseholdFactory(village=world.village_a, member_in_charge=an)
    new = HouseholdFactory(village=world.village_a)
    versions_of_kept = kept.history.count()

    changed = assign_households(
        Household.objects.filter(pk__in=[kept.pk, taken.pk, new.pk]), lan, by=world.users["leader"]
    )

    assert changed == 2
    assert set(Household.objects.filter(member_in_charge=lan)) == {kept, taken, new}
    assert kept.history.count() == versions_of_kept
    assert taken.history.first().history_user == world.users["leader"]
    assert tallies.differences() == []


def test_assigning_a_household_of_another_village_saves_nothing(world, team_a):
    own = HouseholdFactory(village=world.village_a)
    other = HouseholdFactory(village=world.village_b)
    with pytest.raises(AssignmentRefused):
        assign_households([own, other], team_a["lan"], by=world.users["office"])
    assert not Household.objects.filter(member_in_charge__isnull=False).exists()


def test_handover_is_counted_over_the_chosen_households(world, team_a):
    an, lan = team_a["an"], team_a["lan"]
    chosen = [HouseholdFactory(village=world.village_a, member_in_charge=an) for _ in range(5)]
    HouseholdFactory(village=world.village_a, member_in_charge=an)  # not chosen
    chosen.append(HouseholdFactory(village=world.village_a))
    told = handover(Household.objects.filter(pk__in=[h.pk for h in chosen]), lan)
    assert told.taken_from == (InCharge("Nguyễn Văn An", 5),)
    assert (told.unassigned, told.total) == (1, 6)


# --- the page: confirmation -----------------------------------------------------------------


def test_taking_households_from_another_member_asks_first_and_changes_nothing(
    world, team_a, client_for
):
    an, lan = team_a["an"], team_a["lan"]
    theirs = [HouseholdFactory(village=world.village_a, member_in_charge=an) for _ in range(5)]
    free = HouseholdFactory(village=world.village_a)
    chosen = [h.pk for h in [*theirs, free]]

    response = client_for("leader").post(ASSIGN, {"households": chosen, "member": lan.pk})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Giao 6 hộ cho Trần Thị Lan phụ trách?" in content
    assert "5 hộ đang do Nguyễn Văn An phụ trách" in content
    assert "1 hộ chưa có tổ viên phụ trách" in content
    assert "Chưa có gì thay đổi" in content
    assert "Xác nhận phân công" in content
    for pk in chosen:
        assert f'<input type="hidden" name="households" value="{pk}">' in content
    assert Household.objects.filter(member_in_charge=an).count() == 5
    assert Household.objects.get(pk=free.pk).member_in_charge is None


def test_confirmed_assignment_changes_hands_and_the_history_says_who(world, team_a, client_for):
    an, lan = team_a["an"], team_a["lan"]
    theirs = [HouseholdFactory(village=world.village_a, member_in_charge=an) for _ in range(2)]

    response = client_for("leader").post(
        ASSIGN,
        {"households": [h.pk for h in theirs], "member": lan.pk, "confirm": "1"},
        follow=True,
    )

    assert "Trần Thị Lan nhận phụ trách thêm 2 hộ." in response.content.decode()
    assert Household.objects.filter(member_in_charge=lan).count() == 2
    latest = Household.objects.get(pk=theirs[0].pk).history.first()
    assert latest.history_user == world.users["leader"]
    assert latest.member_in_charge_id == lan.pk


def test_households_already_with_the_member_are_not_counted_again(world, team_a, client_for):
    lan = team_a["lan"]
    hers = HouseholdFactory(village=world.village_a, member_in_charge=lan)
    response = client_for("leader").post(
        ASSIGN, {"households": [hers.pk], "member": lan.pk}, follow=True
    )
    assert "Trần Thị Lan đã phụ trách các hộ này: không có gì thay đổi." in (
        response.content.decode()
    )


def test_a_refused_assignment_keeps_the_ticks(world, team_a, client_for):
    member_b = MemberFactory(team=TeamFactory(village=world.village_b))
    household = HouseholdFactory(village=world.village_a)
    response = client_for("office").post(
        ASSIGN, {"households": [household.pk], "member": member_b.pk}
    )
    content = response.content.decode()
    assert "Một số hộ đã chọn không thuộc thôn của tổ viên." in content
    assert f'value="{household.pk}" id="hh-{household.pk}" checked' in content
    assert Household.objects.get(pk=household.pk).member_in_charge is None


# --- the page: every household matching the filters -----------------------------------------


def test_all_matching_assigns_every_page_of_the_filtered_list_and_nothing_else(
    world, team_a, client_for
):
    an, lan = team_a["an"], team_a["lan"]
    free = [HouseholdFactory(village=world.village_a) for _ in range(60)]  # two pages of 50
    theirs = HouseholdFactory(village=world.village_a, member_in_charge=an)
    elsewhere = HouseholdFactory(village=world.village_b)
    client = client_for("leader")
    url = f"{ASSIGN}?priority=unassigned"
    assert "Tất cả 60 hộ phù hợp với điều kiện lọc, ở mọi trang" in (
        client.get(url).content.decode()
    )

    response = client.post(url, {"scope": "all_matching", "member": lan.pk}, follow=True)

    assert "Trần Thị Lan nhận phụ trách thêm 60 hộ." in response.content.decode()
    assert set(Household.objects.filter(member_in_charge=lan)) == set(free)
    assert Household.objects.get(pk=theirs.pk).member_in_charge == an
    assert Household.objects.get(pk=elsewhere.pk).member_in_charge is None


def test_all_matching_a_search_states_the_total_before_taking_households(world, team_a, client_for):
    an, lan = team_a["an"], team_a["lan"]
    found = [
        HouseholdFactory(village=world.village_a, address="Xóm Bãi Sậy", member_in_charge=an),
        HouseholdFactory(village=world.village_a, address="Xóm Bãi Sậy"),
        HouseholdFactory(village=world.village_a, address="Xóm Bãi Sậy"),
    ]
    other = HouseholdFactory(village=world.village_a, address="Xóm Đình", member_in_charge=an)
    client = client_for("leader")
    url = f"{ASSIGN}?q=bai+say"

    asked = client.post(url, {"scope": "all_matching", "member": lan.pk})

    content = asked.content.decode()
    assert "Giao 3 hộ cho Trần Thị Lan phụ trách?" in content
    assert "1 hộ đang do Nguyễn Văn An phụ trách" in content
    assert '<input type="hidden" name="scope" value="all_matching">' in content
    assert not Household.objects.filter(member_in_charge=lan).exists()

    client.post(url, {"scope": "all_matching", "member": lan.pk, "confirm": "1"})

    assert set(Household.objects.filter(member_in_charge=lan)) == set(found)
    assert Household.objects.get(pk=other.pk).member_in_charge == an


# --- the page: the user's villages only -----------------------------------------------------


def test_leader_crafting_a_post_with_another_villages_households_changes_nothing(
    world, team_a, client_for
):
    lan = team_a["lan"]
    own = HouseholdFactory(village=world.village_a)
    other = HouseholdFactory(village=world.village_b)
    client = client_for("leader")

    client.post(ASSIGN, {"households": [own.pk, other.pk], "member": lan.pk, "confirm": "1"})
    client.post(
        f"{ASSIGN}?village={world.village_b.pk}",
        {"scope": "all_matching", "member": lan.pk, "confirm": "1"},
    )

    assert not Household.objects.filter(member_in_charge__isnull=False).exists()


def test_leader_cannot_give_households_to_another_villages_member(world, team_a, client_for):
    member_b = MemberFactory(team=TeamFactory(village=world.village_b))
    own = HouseholdFactory(village=world.village_a)
    client_for("leader").post(
        ASSIGN, {"scope": "all_matching", "member": member_b.pk, "confirm": "1"}
    )
    assert Household.objects.get(pk=own.pk).member_in_charge is None


def test_office_all_matching_across_villages_is_refused_for_a_village_member(
    world, team_a, client_for
):
    HouseholdFactory(village=world.village_a)
    HouseholdFactory(village=world.village_b)
    response = client_for("office").post(
        ASSIGN, {"scope": "all_matching", "member": team_a["lan"].pk, "confirm": "1"}
    )
    assert "Một số hộ đã chọn không thuộc thôn của tổ viên." in response.content.decode()
    assert not Household.objects.filter(member_in_charge__isnull=False).exists()
