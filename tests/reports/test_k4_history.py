"""K4 of a past quarter counts who was in charge on its last day (the households' change
history), not today's assignments; the running quarter follows today's (DOMAIN.md)."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from binhdan.quarters import Quarter
from households.models import Household
from households.services import assign_households, delete_household
from reports.kpis import tallies
from reports.kpis.queries import compute_kpis
from reports.kpis.scopes import Scope
from tests.factories import HouseholdFactory, MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Q1 = Quarter(2026, 1)
IN_Q1 = D(2026, 1, 5)


def k4(scope, quarter):
    return compute_kpis(scope, quarter)["K4"]


def ratio(kpi) -> tuple[int, int]:
    return kpi.details["numerator"], kpi.details["denominator"]


def running() -> Quarter:
    return Quarter.containing(timezone.localdate())


@pytest.fixture
def teams(world):
    """Village A: An (20 households since January) and Bình (10); village B: Chi (20)."""
    team_a = TeamFactory(village=world.village_a)
    an = MemberFactory(team=team_a, full_name="Nguyễn Văn An", joined_on=D(2025, 10, 15))
    binh = MemberFactory(team=team_a, full_name="Trần Thị Bình", joined_on=D(2025, 10, 15))
    chi = MemberFactory(
        team=TeamFactory(village=world.village_b), full_name="Lê Thị Chi", joined_on=D(2025, 10, 15)
    )
    for member, count, village in ((an, 20, world.village_a), (binh, 10, world.village_a)):
        HouseholdFactory.create_batch(
            count, village=village, member_in_charge=member, recorded_on=IN_Q1
        )
    HouseholdFactory.create_batch(
        20, village=world.village_b, member_in_charge=chi, recorded_on=IN_Q1
    )
    return an, binh, chi


def test_todays_reassignment_leaves_the_closed_quarters_k4_as_it_was(world, teams):
    an, binh, _chi = teams
    village, commune = Scope.of_village(world.village_a), Scope.whole_commune(world.commune)
    assert ratio(k4(village, Q1)) == (1, 2) and ratio(k4(commune, Q1)) == (2, 3)

    one_of_ans = Household.objects.filter(member_in_charge=an)[:1]
    assign_households(one_of_ans, binh, by=None)  # today

    assert ratio(k4(village, Q1)) == (1, 2)
    assert ratio(k4(commune, Q1)) == (2, 3)
    below = k4(village, Q1).details["members_below"]
    assert [(m["member"], m["households"]) for m in below] == [("Trần Thị Bình", 10)]
    # The running quarter follows today's assignment: An is down to 19.
    assert ratio(k4(village, running())) == (0, 2)
    assert ratio(k4(commune, running())) == (1, 3)
    assert tallies.differences() == []


def test_the_village_and_member_pages_show_the_closed_quarters_charge(world, teams, client_for):
    an, binh, _chi = teams
    assign_households(Household.objects.filter(member_in_charge=an)[:1], binh, by=None)
    client = client_for("leader")

    page = client.get(reverse("reports:village", args=[world.village_a.pk]), {"quy": str(Q1)})
    members = page.content.decode().split('data-testid="members"')[1].split("</table>")[0]
    an_row = members.split("Nguyễn Văn An")[1].split("</tr>")[0]
    assert '<td class="text-end">20</td>' in an_row

    member_url = reverse("reports:member", args=[an.pk])
    then = client.get(member_url, {"quy": str(Q1)}).content.decode()
    now = client.get(member_url, {"quy": str(running())}).content.decode()
    assert 'data-testid="household-count">20</div>' in then
    assert 'data-testid="household-count">19</div>' in now


def test_a_household_recorded_after_the_quarters_last_day_does_not_count_for_it(world, teams):
    dung = MemberFactory(team=teams[0].team, full_name="Đỗ Văn Dũng")
    village = Scope.of_village(world.village_a)

    def given_to_dung(day, time=datetime.time(9)):
        HouseholdFactory(
            village=world.village_a, member_in_charge=dung, recorded_on=day, recorded_at=time
        )

    for _ in range(18):
        given_to_dung(IN_Q1)
    given_to_dung(Q1.last_day, datetime.time(23, 30))  # late on 31/03, local time: Q1's
    given_to_dung(Q1.next().first_day, datetime.time(0, 10))  # just after midnight: Q2's
    given_to_dung(timezone.localdate())

    def dungs(quarter):
        below = k4(village, quarter).details["members_below"]
        return next((m["households"] for m in below if m["member"] == "Đỗ Văn Dũng"), "≥ 20")

    assert dungs(Q1) == 19
    assert dungs(Q1.next()) == "≥ 20"
    assert tallies.differences() == []


def test_a_household_deleted_after_the_quarter_still_counts_for_it(world, teams, client_for):
    an, _binh, _chi = teams
    village = Scope.of_village(world.village_a)
    gone = Household.objects.filter(member_in_charge=an).first()

    response = client_for("leader").post(reverse("households:household_delete", args=[gone.pk]))

    assert response.status_code == 302 and not Household.objects.filter(pk=gone.pk).exists()
    assert ratio(k4(village, Q1)) == (1, 2)  # An still had 20 on 31/03
    assert ratio(k4(village, running())) == (0, 2)
    then = client_for("leader").get(reverse("reports:member", args=[an.pk]), {"quy": str(Q1)})
    html = then.content.decode()
    assert 'data-testid="household-count">20</div>' in html
    assert "(hộ đã xóa)" in html  # listed, its personal data erased
    assert tallies.differences() == []


def test_a_household_deleted_during_the_quarter_no_longer_counts_for_it(world, teams):
    an, _binh, _chi = teams
    gone = Household.objects.filter(member_in_charge=an).first()
    gone._history_date = timezone.make_aware(datetime.datetime(2026, 2, 10, 9))
    delete_household(gone, None)
    below = k4(Scope.of_village(world.village_a), Q1).details["members_below"]
    assert ("Nguyễn Văn An", 19) in [(m["member"], m["households"]) for m in below]
    assert tallies.differences() == []


def test_the_running_quarter_counts_households_given_today(world, teams):
    _an, binh, _chi = teams
    HouseholdFactory.create_batch(10, village=world.village_a, member_in_charge=binh)
    village = Scope.of_village(world.village_a)
    assert ratio(k4(village, running())) == (2, 2)
    assert ratio(k4(village, Q1)) == (1, 2)


def test_changes_in_charge_date_each_change_by_its_local_quarter():
    def at(day, hour=9):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    versions = [
        (1, at(D(2026, 1, 5)), "+", 10, 100),  # given to member 100 in Q1
        (1, at(D(2026, 3, 31), 23), "~", 10, 200),  # to 200 late on 31/03 (16:00 UTC)
        (1, at(D(2026, 5, 1)), "~", 10, 200),  # another field changed: no change of hands
        (1, at(D(2026, 7, 2)), "-", 10, 200),  # deleted in Q3
        (2, at(D(2026, 4, 1), 0), "+", 10, None),  # nobody in charge
        (2, at(D(2026, 4, 2)), "~", 11, 100),  # moved to village 11, given to 100
    ]
    assert tallies.changes_in_charge(versions) == Counter(
        {
            (10, 200, D(2026, 1, 1)): 1,  # 100 took it and handed it over within Q1
            (10, 200, D(2026, 7, 1)): -1,
            (11, 100, D(2026, 4, 1)): 1,
        }
    )
