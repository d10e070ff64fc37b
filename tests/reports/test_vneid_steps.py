"""VNeID in two steps, received (đã thu nhận) and activated (đã kích hoạt, level 2): K8 counts
activated accounts only (a setting), the police's figures and the reports show both and the
gap, the teams' follow-up list, the household form, and the migration's rule for the records
kept from before."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from binhdan.quarters import Quarter
from households import services
from households.models import HouseholdPlatform, SupportType, SupportVisit
from reports.kpis import tallies
from reports.kpis.queries import compute_kpis, vneid_figures
from reports.kpis.scopes import Scope
from tests.factories import (
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    TeamFactory,
    VillageFactory,
    platform_of,
)
from tests.migrating import migrate_to, migrate_to_latest

D = datetime.date
Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)


def vneid(household, received_on, activated_on=None):
    return HouseholdPlatformFactory(
        household=household, first_recorded_on=received_on, activated_on=activated_on
    )


@pytest.fixture
def three_households(world):
    """Received in Q1 and activated in Q1; received in Q1, activated in Q2; received only."""
    village = world.village_a
    households = HouseholdFactory.create_batch(3, village=village)
    vneid(households[0], D(2026, 1, 10), D(2026, 2, 1))
    vneid(households[1], D(2026, 2, 10), D(2026, 4, 3))
    vneid(households[2], D(2026, 3, 1))
    return households


# --- the engine ------------------------------------------------------------------------------


def test_k8_counts_vneid_only_once_activated(world, three_households):
    scope = Scope.of_village(world.village_a)
    assert compute_kpis(scope, Q1)["K8"].details["numerator"] == 1
    assert compute_kpis(scope, Q2)["K8"].details["numerator"] == 2
    assert tallies.differences() == []


def test_with_the_setting_off_a_received_account_counts_for_k8(world, three_households, settings):
    settings.K8_VNEID_ACTIVATED_ONLY = False
    tallies.rebuild()  # what README asks after changing it
    scope = Scope.of_village(world.village_a)
    assert compute_kpis(scope, Q1)["K8"].details["numerator"] == 3
    assert tallies.differences() == []


def test_another_essential_platform_counts_from_the_day_it_was_recorded(world):
    household = HouseholdFactory(village=world.village_a)
    vneid(household, D(2026, 1, 5))  # received only
    HouseholdPlatformFactory(
        household=household,
        platform=platform_of(world.commune, "dich-vu-cong"),
        first_recorded_on=D(2026, 2, 1),
    )
    assert compute_kpis(Scope.of_village(world.village_a), Q1)["K8"].details["numerator"] == 1


def test_the_police_figures_count_received_activated_and_the_gap_by_quarter(
    world, three_households
):
    q1 = vneid_figures(Scope.whole_commune(world.commune), Q1)
    q2 = vneid_figures(Scope.whole_commune(world.commune), Q2)
    assert (q1["total"]["received"], q1["total"]["activated"], q1["total"]["not_activated"]) == (
        3,
        1,
        2,
    )
    assert (q2["total"]["activated"], q2["total"]["not_activated"]) == (2, 1)
    east = next(r for r in q1["rows"] if r["village"] == world.village_a)
    assert (east["received"], east["activated"], east["not_activated"]) == (3, 1, 2)


# --- what people see -------------------------------------------------------------------------


def test_the_police_see_both_counts_and_the_gap(world, client_for, three_households):
    html = client_for("police").get(reverse("home"), {"quy": "2026Q1"}).content.decode()
    assert 'data-testid="vneid-households">100 %' in html  # 3 of 3 households received
    assert 'data-testid="vneid-activated">33,3 %' in html
    assert 'data-testid="vneid-not-activated">2<' in html
    assert "Đã thu nhận nhưng chưa kích hoạt" in html


def test_the_report_files_say_received_activated_and_the_gap(world, client_for, three_households):
    client = client_for("office")
    url = reverse("reports:commune_report_file", args=["2026Q1", "xlsx"])
    book = load_workbook(io.BytesIO(client.get(url).content))
    facts = {r[1]: r[2] for r in book.worksheets[0].iter_rows(values_only=True) if r[1]}
    assert facts["Tài khoản VNeID đã thu nhận"] == 3
    assert facts["Tài khoản VNeID đã kích hoạt (mức 2)"] == 1
    assert facts["Đã thu nhận nhưng chưa kích hoạt"] == 2

    url = reverse("reports:commune_report_file", args=["2026Q1", "pdf"])
    reader = PdfReader(io.BytesIO(client.get(url).content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "1 tài khoản đã kích hoạt (mức 2) và 2 tài khoản đã thu nhận nhưng chưa kích hoạt" in (
        text
    )


def test_the_follow_up_list_shows_the_received_not_activated_in_scope(
    world, client_for, three_households
):
    elsewhere = HouseholdFactory(village=world.village_b, head_name="Hộ Thôn Đoài")
    vneid(elsewhere, D(2026, 3, 2))
    url = reverse("households:vneid_follow_up")

    leader = client_for("leader").get(url).content.decode()  # Thôn Đông only
    assert 'data-testid="row-count">1 hộ' in leader  # the two others are activated by now
    assert three_households[2].head_name in leader and "Hộ Thôn Đoài" not in leader
    assert "02/03/2026" not in leader and "01/03/2026" in leader  # the day received

    office = client_for("office")
    assert 'data-testid="row-count">2 hộ' in office.get(url).content.decode()
    one_village = office.get(url, {"village": world.village_b.pk}).content.decode()
    assert 'data-testid="row-count">1 hộ' in one_village


def test_the_follow_up_list_reads_as_many_queries_for_3_or_30_households(world, client_for):
    client = client_for("office")
    url = reverse("households:vneid_follow_up")

    def queries_with(n):
        for household in HouseholdFactory.create_batch(n, village=world.village_a):
            vneid(household, D(2026, 3, 1))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert queries_with(3) == queries_with(27)


def test_the_household_form_records_the_activation_day(world, client_for):
    household = HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn An")
    vneid(household, D(2026, 3, 1))
    url = reverse("households:household_edit", args=[household.pk])
    data = {
        "village": world.village_a.pk,
        "head_name": household.head_name,
        "address": household.address,
        "people_count": household.people_count,
        "is_different": "on",
        "vneid_activated_on": "20/02/2026",
    }
    client = client_for("leader")
    response = client.post(url, data)  # VNeID not ticked
    assert "Hãy đánh dấu VNeID trong các nền tảng đang dùng." in response.content.decode()

    data["platforms_used"] = [platform_of(world.commune, "vneid").pk]
    assert client.post(url, data).status_code == 302
    record = HouseholdPlatform.objects.get(household=household)
    # Activated before the day it was recorded: it was received that day at the latest.
    assert (record.first_recorded_on, record.activated_on) == (D(2026, 2, 20), D(2026, 2, 20))
    detail = client.get(household.get_absolute_url()).content.decode()
    assert "kích hoạt ngày 20/02/2026" in detail
    assert tallies.differences() == []


# --- the migration ---------------------------------------------------------------------------

BEFORE = [
    ("households", "0018_household_adults_and_skills"),
    ("reports", "0012_skills_tallies"),
]


def _visit(member, household, day, code):
    visit = SupportVisit(team=member.team, member=member, household=household, date=day)
    visit.method = "at_home"
    kind = SupportType.objects.of(member.team.commune_id).get(code=code)
    return services.save_visit(visit, None, support_types=[kind])


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_activated_only_where_a_visit_says_so():
    village = VillageFactory(code="LM01")
    member = MemberFactory(team=TeamFactory(village=village))
    activated, early_visit, other_visit, no_visit, not_vneid = HouseholdFactory.create_batch(
        5, village=village
    )
    for household, received in (
        (activated, D(2026, 2, 1)),
        (early_visit, D(2026, 3, 10)),
        (other_visit, D(2026, 1, 15)),
        (no_visit, D(2026, 1, 15)),
    ):
        vneid(household, received)
    HouseholdPlatformFactory(
        household=not_vneid,
        platform=platform_of(village.commune, "dich-vu-cong"),
        first_recorded_on=D(2026, 1, 15),
    )
    _visit(member, activated, D(2026, 3, 5), "vneid-kich-hoat")
    _visit(member, early_visit, D(2026, 1, 20), "vneid-tich-hop")
    _visit(member, other_visit, D(2026, 2, 2), "dich-vu-cong")
    _visit(member, not_vneid, D(2026, 2, 2), "vneid-kich-hoat")
    try:
        migrate_to(BEFORE)
        apps = migrate_to_latest()
        records = apps.get_model("households", "HouseholdPlatform").objects
        activated_on = dict(records.values_list("household_id", "activated_on"))
        assert activated_on == {
            activated.pk: D(2026, 3, 5),  # the day of the visit that activated it
            early_visit.pk: D(2026, 3, 10),  # not before it was received
            other_visit.pk: None,  # a visit, but not about VNeID: received only
            no_visit.pk: None,
            not_vneid.pk: None,  # another platform has no second step
        }
        assert tallies.differences() == []
        scope = Scope.of_village(village)
        # K8 counts the two activated and the online public service, not the received only.
        assert compute_kpis(scope, Q1)["K8"].details["numerator"] == 3
    finally:
        migrate_to_latest()
