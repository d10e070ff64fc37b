"""The dashboard (home page) and the drill-down pages, as each role sees them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import SupportType
from teams.models import MemberRole, TeamLevel
from tests.factories import (
    ActivityDayFactory,
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    OcopProductFactory,
    SupportVisitFactory,
    TeamFactory,
    TrainingSessionFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def card(html: str, code: str) -> str:
    """The HTML of one KPI card."""
    return html.split(f'data-kpi="{code}"')[1].split("data-kpi=")[0]


@pytest.fixture
def village_team(world):
    team = TeamFactory(village=world.village_a)
    members = [
        MemberFactory(team=team, full_name="Nguyễn Văn Hùng", is_leader=True),
        MemberFactory(team=team, full_name="Trần Thị Lan"),
    ]
    return team, members


def test_office_sees_eleven_kpi_cards_for_the_commune_and_the_village_table(world, client_for):
    html = client_for("office").get(reverse("home"), {"quy": "2026Q1"}).content.decode()
    for n in range(1, 12):
        assert f'data-kpi="K{n}"' in html
    assert "Xã Liên Minh" in html and "Quý I/2026" in html
    assert 'data-testid="village-table"' in html
    assert "Thôn Đông" in html and "Thôn Đoài" in html
    assert "<svg" in html  # the trend chart, drawn on the server


def test_switching_the_quarter_changes_the_figures(world, client_for, village_team):
    team, (leader, _other) = village_team
    SupportVisitFactory.create_batch(3, member=leader, date=D(2026, 2, 1))
    client = client_for("leader")
    q1 = client.get(reverse("home"), {"quy": "2026Q1"}).content.decode()
    q2 = client.get(reverse("home"), {"quy": "2026Q2"}).content.decode()
    assert '<span class="fs-4 fw-semibold kpi-value">3</span>' in card(q1, "K5")
    assert '<span class="fs-4 fw-semibold kpi-value">0</span>' in card(q2, "K5")


def test_a_leader_lands_on_their_own_village_and_no_other(world, client_for, village_team):
    html = client_for("leader").get(reverse("home")).content.decode()
    assert "Tổ CNSCĐ Thôn Đông" in html
    assert "Thôn Đoài" not in html
    assert 'data-testid="village-table"' not in html


def test_the_empty_commune_shows_no_data_not_zero_percent(world, client_for):
    html = client_for("leadership").get(reverse("home")).content.decode()
    assert "chưa có số liệu" in card(html, "K8")
    assert 'kpi-value">—</span>' in card(html, "K8")


def test_a_nonsense_quarter_falls_back_to_the_current_one_and_says_so(world, client_for):
    response = client_for("office").get(reverse("home"), {"quy": "2026Q9"})
    assert response.status_code == 200
    assert "không phải là một quý" in response.content.decode()


def test_the_village_table_sorts_by_a_kpi_on_the_server(world, client_for):
    for village, visits in ((world.village_a, 1), (world.village_b, 5)):
        member = MemberFactory(team=TeamFactory(village=village))
        SupportVisitFactory.create_batch(visits, member=member, date=D(2026, 2, 1))
    client = client_for("office")
    descending = client.get(reverse("home"), {"quy": "2026Q1", "sap-xep": "-K5"}).content.decode()
    ascending = client.get(reverse("home"), {"quy": "2026Q1", "sap-xep": "K5"}).content.decode()
    table = descending[descending.index('data-testid="village-table"') :]
    assert table.index("Thôn Đoài") < table.index("Thôn Đông")
    table = ascending[ascending.index('data-testid="village-table"') :]
    assert table.index("Thôn Đông") < table.index("Thôn Đoài")


def test_police_see_the_vneid_figures_and_no_kpi_cards(world, client_for, village_team):
    team, (leader, _other) = village_team
    household = HouseholdFactory(village=world.village_a)
    HouseholdPlatformFactory(household=household, first_recorded_on=D(2026, 2, 1))
    HouseholdFactory(village=world.village_b)
    visit = SupportVisitFactory(member=leader, household=household, date=D(2026, 2, 2))
    visit.support_types.set(SupportType.objects.of(world.commune).filter(code="vneid-kich-hoat"))
    other = SupportVisitFactory(member=leader, date=D(2026, 2, 3))
    other.support_types.set(SupportType.objects.of(world.commune).filter(code="thanh-toan"))
    html = client_for("police").get(reverse("home"), {"quy": "2026Q1"}).content.decode()
    assert "Số liệu VNeID" in html
    assert 'data-kpi="K1"' not in html
    assert '<div class="fs-4 fw-semibold" data-testid="vneid-households">50 %</div>' in html
    assert '<div class="fs-4 fw-semibold" data-testid="vneid-visits">1</div>' in html


def test_the_commune_team_view_shows_the_commune_teams_own_figures(world, client_for):
    TeamFactory(commune=world.commune, level=TeamLevel.COMMUNE, village=None)
    html = client_for("office").get(reverse("home"), {"to": "xa"}).content.decode()
    assert "Tổ CNSCĐ xã Liên Minh" in html
    assert "≥ 15 tổ viên" in card(html, "K1")


def test_the_village_drill_down_names_untrained_members_missing_roles_and_unreached_households(
    world, client_for, village_team
):
    team, (leader, lan) = village_team
    TrainingSessionFactory(commune=world.commune, date=D(2026, 1, 5)).attendees.set([leader])
    HouseholdFactory(village=world.village_a, head_name="Vũ Văn Long", member_in_charge=lan)
    url = reverse("reports:village", args=[world.village_a.pk])
    html = client_for("leader").get(url, {"quy": "2026Q1"}).content.decode()
    members = html[html.index('data-testid="members"') :]
    assert "Trần Thị Lan" in members and "chưa" in members
    missing = html[html.index('data-testid="missing-roles"') :]
    assert MemberRole.objects.of(world.commune).get(code="truong-thon").name in missing
    assert "Vũ Văn Long" in html[html.index('data-testid="never-reached"') :]
    weeks_missed = html[html.index('data-testid="weeks-missed"') :]
    assert "Tuần 29/12/2025 – 04/01/2026" in weeks_missed and "W01" not in weeks_missed


def test_the_village_page_lists_the_weeks_missed_by_their_dates_and_not_the_running_one(
    world, client_for, village_team, today_is
):
    team, _members = village_team
    today_is(D(2026, 11, 24))  # a Tuesday: week 48 (23-29/11) is still running
    ActivityDayFactory(team=team, date=D(2026, 10, 1), hours=4)
    url = reverse("reports:village", args=[world.village_a.pk])
    html = client_for("leader").get(url, {"quy": "2026Q4"}).content.decode()
    weeks_missed = html[html.index('data-testid="weeks-missed"') :].split("</ul>")[0]
    assert "Tuần 02/11/2026 – 08/11/2026" in weeks_missed
    assert "Tuần 16/11/2026 – 22/11/2026" in weeks_missed
    assert "23/11/2026" not in weeks_missed  # neither met nor missed before it ends
    assert "W45" not in html and "2026-11-02" not in html
    assert "(1/8)" in card(html, "K6")


def test_the_member_page_lists_their_households_and_visits_of_the_quarter(
    world, client_for, village_team
):
    team, (leader, _lan) = village_team
    household = HouseholdFactory(
        village=world.village_a,
        head_name="Bùi Thị Nga",
        member_in_charge=leader,
        recorded_on=D(2026, 1, 5),
    )
    SupportVisitFactory(member=leader, household=household, date=D(2026, 3, 2))
    SupportVisitFactory(member=leader, household=household, date=D(2026, 4, 2))
    url = reverse("reports:member", args=[leader.pk])
    html = client_for("member").get(url, {"quy": "2026Q1"}).content.decode()
    assert "Bùi Thị Nga" in html
    assert '<div class="fs-4 fw-semibold" data-testid="household-count">1</div>' in html
    assert '<div class="fs-4 fw-semibold" data-testid="visit-count">1</div>' in html
    assert "02/03/2026" in html and "02/04/2026" not in html


def _grow(world, villages):
    """`villages` more villages with data, and one more round of data in village A."""
    for n in range(villages + 1):
        village = world.village_a if n == 0 else VillageFactory(commune=world.commune)
        team = getattr(village, "team", None) or TeamFactory(village=village)
        members = MemberFactory.create_batch(3, team=team)
        households = HouseholdFactory.create_batch(4, village=village, member_in_charge=members[0])
        for household in households:
            SupportVisitFactory(member=members[1], household=household, date=D(2026, 2, 2))
            HouseholdPlatformFactory(household=household)
        ActivityDayFactory(team=team, date=D(2026, 2, 3 + villages))
        TrainingSessionFactory(commune=world.commune).attendees.set(members[:2])
        OcopProductFactory(commune=world.commune, village=village, listed_on=["voso"])


@pytest.mark.parametrize("role", ["office", "leader", "police"])
def test_the_dashboard_query_count_does_not_grow_with_the_data(world, client_for, role):
    client = client_for(role)
    _grow(world, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("home"), {"quy": "2026Q1"}).status_code == 200
    _grow(world, 3)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("home"), {"quy": "2026Q1"})
    assert len(small) == len(large) <= 30
