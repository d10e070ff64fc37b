"""The data-quality rules (issue 16): each rule with a row that trips it and one that does not,
the office's settings and follow-up list, the submission's gate, the page's queries."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from binhdan.quarters import Quarter
from households.models import SupportVisit
from households.services import mark_different, record_platforms, save_household
from reports.kpis.scopes import Scope
from reports.models import QualitySetting, VerifiedFinding
from reports.quality import engine, services
from reports.reporting import workflow
from reports.transitions import TransitionRefused
from tests.factories import (
    ActivityDayFactory,
    CommunicationActivityFactory,
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    platform_of,
)

D = datetime.date
Q4 = Quarter(2026, 4)
IN_Q4 = D(2026, 11, 5)


@pytest.fixture
def team(world):
    return TeamFactory(village=world.village_a)


def found(world, code, village=None):
    """The keys of rule `code`'s findings for village A (or `village`) in Q4/2026."""
    scope = Scope.of_village(village or world.village_a)
    [result] = engine.check(scope, Q4, codes={code}, today=D(2026, 11, 30)).results
    return [f.key for f in result.findings]


def test_cl01_households_typed_twice_unless_marked_different(world, team):
    first = HouseholdFactory(village=world.village_a, head_name="Lò Văn Páo", address="Xóm 1")
    second = HouseholdFactory(village=world.village_a, head_name="Lò Văn Páo", address="Xóm 1")
    HouseholdFactory(village=world.village_a, head_name="Lò Văn Pao", address="Xóm 1")  # no ́
    HouseholdFactory(village=world.village_b, head_name="Lò Văn Páo", address="Xóm 1")
    assert found(world, "CL01") == [f"household-pair:{first.pk}-{second.pk}"]
    mark_different(first, [second], by=None)
    assert found(world, "CL01") == []


def test_cl01_the_same_head_and_phone_at_two_addresses(world, team):
    a = HouseholdFactory(village=world.village_a, head_name="Hà Thị Mỵ", phone="0912345678")
    b = HouseholdFactory(
        village=world.village_a, head_name="Hà Thị Mỵ", address="Xóm 9", phone="0912345678"
    )
    HouseholdFactory(village=world.village_a, head_name="Lò Thị Sen", phone="0912345678")
    assert found(world, "CL01") == [f"household-pair:{a.pk}-{b.pk}"]


def test_cl01_households_sharing_a_key_pair_up_within_their_village_only(world, team):
    """The shared keys are found first, then their households: a household in two groups
    (the same place as one, the same phone as another) pairs with both, a namesake in
    another village with neither, and a pair marked different drops out alone."""

    def home(village, address, phone=""):
        return HouseholdFactory(
            village=village, head_name="Đinh Văn Tỏ", address=address, phone=phone
        )

    a = home(world.village_a, "Xóm 1", "0987654321")
    b = home(world.village_a, "Xóm 1")
    c = home(world.village_a, "Xóm 5", "0987654321")
    home(world.village_b, "Xóm 1", "0987654321")
    home(world.village_a, "Xóm 7", "0911111111")  # the same head, nothing else shared
    assert found(world, "CL01") == [
        f"household-pair:{a.pk}-{b.pk}",
        f"household-pair:{a.pk}-{c.pk}",
    ]
    mark_different(a, [c], by=None)
    assert found(world, "CL01") == [f"household-pair:{a.pk}-{b.pk}"]
    assert found(world, "CL01", world.village_b) == []


def test_cl02_more_visits_in_a_day_than_the_threshold(world, team):
    busy, calm = MemberFactory(team=team), MemberFactory(team=team)
    SupportVisitFactory.create_batch(16, member=busy, date=IN_Q4)
    SupportVisitFactory.create_batch(15, member=calm, date=IN_Q4)
    assert found(world, "CL02") == [f"member-day:{busy.pk}:2026-11-05"]
    services.save_settings(world.commune, {"CL02": {"threshold": 20}}, by=None)
    assert found(world, "CL02") == []


def test_cl02_a_members_day_for_two_teams_adds_up(world, team):
    """The members read are those whose busiest days (kept in the tallies, team by team) add
    up to more than the threshold: 8 visits for each of two teams on one day are 16."""
    other = TeamFactory(village=world.village_b)
    member, calm = MemberFactory(team=team), MemberFactory(team=team)
    SupportVisitFactory.create_batch(8, member=member, date=IN_Q4)
    SupportVisitFactory.create_batch(8, member=member, team=other, date=IN_Q4)
    SupportVisitFactory.create_batch(8, member=calm, date=IN_Q4)
    SupportVisitFactory.create_batch(8, member=calm, team=other, date=D(2026, 11, 6))
    [result] = engine.check(Scope.whole_commune(world.commune), Q4, codes={"CL02"}).results
    assert [f.key for f in result.findings] == [f"member-day:{member.pk}:2026-11-05"]
    assert " 16 " in f" {result.findings[0].detail}"
    assert found(world, "CL02") == []  # village A's team alone: 8 visits that day


def test_cl03_visits_before_joining_or_after_leaving_block(world, team):
    member = MemberFactory(team=team, joined_on=D(2026, 10, 10), left_on=D(2026, 11, 20))
    before = SupportVisitFactory(member=member, date=D(2026, 10, 9))
    SupportVisitFactory(member=member, date=D(2026, 10, 10))
    SupportVisitFactory(member=member, date=D(2026, 11, 19))
    after = SupportVisitFactory(member=member, date=D(2026, 11, 20))
    assert found(world, "CL03") == [f"visit:{before.pk}", f"visit:{after.pk}"]


def test_cl04_dates_after_today_or_before_the_plan(world, team):
    member = MemberFactory(team=team)
    ok = SupportVisitFactory(member=member, date=D(2026, 11, 30))
    SupportVisit.objects.filter(pk=ok.pk)  # today: fine
    future = ActivityDayFactory(team=team, date=D(2026, 11, 29))
    ActivityDayFactory(team=team, date=D(2026, 11, 28))
    # Written as an old import or the admin could have: past the forms' checks.
    type(future).objects.filter(pk=future.pk).update(date=D(2026, 12, 5))
    assert found(world, "CL04") == [f"activity-day:{future.pk}"]


def test_cl05_households_without_a_member_in_charge(world, team):
    member = MemberFactory(team=team)
    alone = HouseholdFactory(village=world.village_a)
    HouseholdFactory(village=world.village_a, member_in_charge=member)
    assert found(world, "CL05") == [f"household:{alone.pk}"]


def test_cl06_members_in_charge_of_more_households_than_the_threshold(world, team):
    busy, calm = MemberFactory(team=team), MemberFactory(team=team)
    services.save_settings(world.commune, {"CL06": {"threshold": 3}}, by=None)
    HouseholdFactory.create_batch(4, village=world.village_a, member_in_charge=busy)
    HouseholdFactory.create_batch(3, village=world.village_a, member_in_charge=calm)
    assert found(world, "CL06") == [f"member:{busy.pk}"]


def test_cl07_active_members_without_a_visit_in_the_quarter(world, team):
    idle, busy = MemberFactory(team=team), MemberFactory(team=team)
    MemberFactory(team=team, left_on=D(2026, 9, 1))  # gone before the quarter: not asked
    SupportVisitFactory(member=busy, date=IN_Q4)
    SupportVisitFactory(member=idle, date=D(2026, 9, 5))  # the quarter before
    assert found(world, "CL07") == [f"member:{idle.pk}"]


def test_cl08_platform_use_that_nothing_ever_reached(world, team):
    member = MemberFactory(team=team)
    unexplained = HouseholdFactory(village=world.village_a)
    visited = HouseholdFactory(village=world.village_a)
    told = HouseholdFactory(village=world.village_b)
    for household in (unexplained, visited, told):
        HouseholdPlatformFactory(household=household)
    SupportVisitFactory(member=member, household=visited, walk_in_name="")
    CommunicationActivityFactory(
        commune=world.commune, villages=[world.village_b], households=[told]
    )
    record_platforms(
        HouseholdFactory(village=world.village_a),
        [platform_of(world.commune, "so-suc-khoe-dien-tu")],  # not essential
        None,
    )
    assert found(world, "CL08") == [f"household:{unexplained.pk}"]
    assert found(world, "CL08", world.village_b) == []


def test_cl09_more_people_helped_than_live_in_the_household(world, team):
    member = MemberFactory(team=team)
    small = HouseholdFactory(village=world.village_a, people_count=2)
    too_many = SupportVisitFactory(
        member=member, household=small, walk_in_name="", date=IN_Q4, people_helped=3
    )
    SupportVisitFactory(
        member=member, household=small, walk_in_name="", date=IN_Q4, people_helped=2
    )
    SupportVisitFactory(member=member, date=IN_Q4, people_helped=9)  # a walk-in group
    assert found(world, "CL09") == [f"visit:{too_many.pk}"]


def test_cl09_a_household_found_smaller_later_makes_its_visits_too_many(world, team):
    """The rule reads the visits marked as helping too many people: a household's size
    corrected (through its service) marks its visits again, either way."""
    member = MemberFactory(team=team)
    home = HouseholdFactory(village=world.village_a, people_count=4)
    visit = SupportVisitFactory(
        member=member, household=home, walk_in_name="", date=IN_Q4, people_helped=3
    )
    assert found(world, "CL09") == []
    home.people_count = 2
    save_household(home, None)
    assert found(world, "CL09") == [f"visit:{visit.pk}"]
    home.people_count = 3
    save_household(home, None)
    assert found(world, "CL09") == []


def test_cl10_a_team_far_from_its_own_last_quarters_or_the_offices_bounds(world, team):
    member = MemberFactory(team=team, joined_on=D(2025, 10, 1))
    for day, n in (
        (D(2025, 11, 3), 10),
        (D(2026, 2, 3), 12),
        (D(2026, 5, 4), 11),
        (D(2026, 8, 3), 9),
    ):
        SupportVisitFactory.create_batch(n, member=member, date=day)
    SupportVisitFactory.create_batch(11, member=member, date=IN_Q4)
    assert found(world, "CL10") == []  # 11 is like the last four quarters
    SupportVisitFactory.create_batch(40, member=member, date=IN_Q4)
    assert f"team:{team.pk}:2026Q4" in found(world, "CL10")
    assert f"member:{member.pk}:2026Q4" in found(world, "CL10")
    # The office's own bounds for a team.
    services.save_settings(world.commune, {"CL10": {"threshold": 100, "maximum": 40}}, by=None)
    assert found(world, "CL10") == [f"team:{team.pk}:2026Q4"]


def test_cl10_a_members_visits_are_counted_for_the_areas_teams_only(world, team):
    """A member's quarters come from the tallies kept by member and team: over the commune,
    the visits they logged for two teams add up; in a village, only its team's count."""
    other = TeamFactory(village=world.village_b)
    member = MemberFactory(team=team, joined_on=D(2025, 10, 1))
    for day, n in ((D(2025, 11, 3), 10), (D(2026, 2, 3), 12), (D(2026, 5, 4), 11)):
        SupportVisitFactory.create_batch(n, member=member, date=day)
    SupportVisitFactory.create_batch(9, member=member, team=other, date=D(2026, 8, 3))
    SupportVisitFactory.create_batch(5, member=member, date=IN_Q4)
    SupportVisitFactory.create_batch(6, member=member, team=other, date=IN_Q4)
    commune = engine.check(Scope.whole_commune(world.commune), Q4, codes={"CL10"})
    [result] = commune.results
    assert [f.key for f in result.findings if f.key.startswith("member:")] == []  # 11 visits
    SupportVisitFactory.create_batch(30, member=member, team=other, date=IN_Q4)
    [result] = engine.check(Scope.whole_commune(world.commune), Q4, codes={"CL10"}).results
    [finding] = [f for f in result.findings if f.key == f"member:{member.pk}:2026Q4"]
    assert finding.detail.startswith("41 ")
    # Village B's team alone: the member's only earlier quarter there is Q3 (9 visits), too
    # short a history to measure against; village A's team: 5 visits against 10, 12 and 11.
    assert f"member:{member.pk}:2026Q4" not in found(world, "CL10", world.village_b)
    [result] = engine.check(Scope.of_village(world.village_a), Q4, codes={"CL10"}).results
    [finding] = [f for f in result.findings if f.key == f"member:{member.pk}:2026Q4"]
    assert finding.detail.startswith("5 ")


def test_cl11_platform_adoption_rising_too_fast(world, team):
    households = HouseholdFactory.create_batch(10, village=world.village_a)
    for household in households[:2]:
        HouseholdPlatformFactory(household=household, first_recorded_on=D(2026, 8, 1))
    for household in households[2:5]:  # 30 points in Q4: not more than 30
        HouseholdPlatformFactory(household=household, first_recorded_on=IN_Q4)
    assert found(world, "CL11") == []
    HouseholdPlatformFactory(household=households[5], first_recorded_on=IN_Q4)
    assert found(world, "CL11") == [f"village:{world.village_a.pk}:2026Q4"]


# --- the office's settings and the follow-up list --------------------------------------------


def test_a_rule_switched_off_is_not_run_and_every_change_is_kept(world, team):
    HouseholdFactory(village=world.village_a)
    client = Client_for_office(world)
    data = _settings_data(cl05_enabled=False, cl02_threshold="25")
    assert client.post(reverse("reports:quality_settings"), data).status_code == 302
    codes = [r.rule.code for r in engine.check(Scope.of_village(world.village_a), Q4).results]
    assert "CL05" not in codes
    setting = QualitySetting.objects.get(commune=world.commune, code="CL02")
    assert setting.threshold == 25 and setting.changed_by == world.users["office"]
    assert setting.history.count() == 1
    assert client.post(reverse("reports:quality_settings"), data).status_code == 302
    assert setting.history.count() == 1  # nothing changed, nothing new in the history
    refused = client.post(
        reverse("reports:quality_settings"), _settings_data(cl10_minimum="9", cl10_maximum="3")
    )
    assert refused.status_code == 200 and refused.context["form"].errors["cl10_maximum"]


def Client_for_office(world):
    from django.test import Client

    client = Client()
    client.force_login(world.users["office"])
    return client


def _settings_data(**changes):
    data = {}
    for rule in engine.RULES:
        prefix = rule.code.lower()
        data[f"{prefix}_enabled"] = "on"
        if rule.threshold is not None:
            data[f"{prefix}_threshold"] = str(rule.threshold)
        if rule.takes_bounds:
            data[f"{prefix}_minimum"] = data[f"{prefix}_maximum"] = ""
    for name, value in changes.items():
        if value is False:
            data.pop(name)
        else:
            data[name] = value
    return data


def test_a_row_marked_checked_stops_being_reported_and_can_come_back(world, team, client_for):
    alone = HouseholdFactory(village=world.village_a)
    office = client_for("office")
    office.post(
        reverse("reports:quality_verify"),
        {"code": "CL05", "key": f"household:{alone.pk}", "note": "Hộ mới chuyển đến."},
    )
    assert found(world, "CL05") == []
    mark = VerifiedFinding.objects.get()
    assert (mark.note, mark.verified_by) == ("Hộ mới chuyển đến.", world.users["office"])
    page = office.get(reverse("reports:quality") + "?xem=da-xac-minh").content.decode()
    assert "Hộ mới chuyển đến." in page
    office.post(
        reverse("reports:quality_verify"),
        {"code": "CL05", "key": f"household:{alone.pk}", "undo": "1"},
    )
    assert found(world, "CL05") == [f"household:{alone.pk}"]
    # A leader reads the findings of their village, and may not mark them.
    leader = client_for("leader")
    assert leader.get(reverse("reports:quality")).context["scope"].village == world.village_a
    assert leader.get(reverse("reports:quality") + f"?thon={world.village_b.pk}").status_code == 404
    assert leader.post(reverse("reports:quality_verify"), {}).status_code == 403


# --- the submission's gate ----------------------------------------------------------------------


def test_a_blocking_rule_stops_the_submission_and_a_warning_needs_a_comment(world, team):
    leader = world.users["leader"]
    member = MemberFactory(team=team, joined_on=D(2026, 11, 1))
    early = SupportVisitFactory(member=member, date=D(2026, 10, 20))
    report = workflow.report_for(world.commune, Q4, world.village_a)
    with pytest.raises(TransitionRefused, match="CL03"):
        workflow.submit(report, leader, explanation="Đã rà soát.")
    assert not type(report).objects.filter(status="submitted").exists()

    report = workflow.report_for(world.commune, Q4, world.village_a)  # as the page reloads it
    early.date = D(2026, 11, 2)
    from households.services import save_visit

    save_visit(early, None)
    HouseholdFactory(village=world.village_a)  # CL05: a warning
    with pytest.raises(TransitionRefused, match="CL05"):
        workflow.submit(report, leader)
    submitted = workflow.submit(report, leader, explanation="Hộ mới tách, sẽ phân công.")
    frozen = submitted.snapshot["quality"]
    assert frozen["explanation"] == "Hộ mới tách, sẽ phân công."
    assert {r["code"]: r["count"] for r in frozen["rules"]}["CL05"] == 1
    assert submitted.transitions.get().comment == "Hộ mới tách, sẽ phân công."


def test_the_commune_report_keeps_each_teams_explanation_for_its_annex(world, team):
    HouseholdFactory(village=world.village_a)
    workflow.submit(
        workflow.report_for(world.commune, Q4, world.village_a),
        world.users["leader"],
        explanation="Hộ mới tách, sẽ phân công.",
    )
    sent = workflow.send(workflow.report_for(world.commune, Q4), world.users["office"])
    [village_part] = sent.snapshot["quality"]["teams"]
    assert village_part["village"] == world.village_a.name
    assert village_part["explanation"] == "Hộ mới tách, sẽ phân công."


def test_the_leaders_confirmation_page_lists_what_blocks_and_asks_for_the_explanation(
    world, team, client_for
):
    leader = client_for("leader")
    url = reverse("reports:team_report_action", args=[Q4, world.village_a.pk, "nop"])
    HouseholdFactory(village=world.village_a)
    page = leader.get(url)
    assert page.context["check"].warnings and "comment" in page.context["form"].fields
    refused = leader.post(url, {"comment": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["comment"]
    member = MemberFactory(team=team, joined_on=D(2026, 11, 1))
    SupportVisitFactory(member=member, date=D(2026, 10, 20))
    blocked = leader.get(url).content.decode()
    assert 'data-testid="quality-blocking"' in blocked
    assert '<button type="submit" class="btn btn-primary">' not in blocked
    assert leader.post(url, {"comment": "Đã rà soát."}).status_code == 200
    assert (
        not type(workflow.report_for(world.commune, Q4, world.village_a))
        .objects.filter(status="submitted")
        .exists()
    )


def test_a_submission_runs_the_rules_once(world, team, client_for, monkeypatch):
    """The confirmation POST leaves the check to the submission itself (quality.gate, under
    the report's lock): the rules run once, not once for the page and again for the gate."""
    from reports.quality import engine

    runs = []
    real = engine.check

    def counted(*args, **kwargs):
        runs.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "check", counted)
    HouseholdFactory(village=world.village_a)  # a warning: no member in charge
    url = reverse("reports:team_report_action", args=[Q4, world.village_a.pk, "nop"])
    done = client_for("leader").post(url, {"comment": "Hộ mới chuyển đến, đang phân công."})
    assert done.status_code == 302
    assert len(runs) == 1
    report = workflow.report_for(world.commune, Q4, world.village_a)
    assert report.status == "submitted"


# --- the page and the command -----------------------------------------------------------------


def _grow(world, team, n, start=0):
    members = MemberFactory.create_batch(3, team=team)
    for i in range(start, start + n):
        household = HouseholdFactory(village=world.village_a, people_count=1)
        SupportVisitFactory(
            member=members[i % 3], household=household, walk_in_name="", date=IN_Q4, people_helped=2
        )
        HouseholdPlatformFactory(household=HouseholdFactory(village=world.village_a))
        twin = HouseholdFactory(village=world.village_a, head_name="Lý Văn Sử", address=f"Xóm {i}")
        save_household(
            type(twin)(village=twin.village, head_name=twin.head_name, address=twin.address), None
        )


def test_the_page_runs_a_fixed_number_of_queries(
    world, team, client_for, django_assert_max_num_queries
):
    office = client_for("office")
    url = reverse("reports:quality") + "?quy=2026Q4"
    _grow(world, team, 2)
    office.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        office.get(url)
    _grow(world, team, 12, start=2)
    with django_assert_max_num_queries(len(small)):
        response = office.get(url)
    counts = {r.rule.code: len(r.findings) for r in response.context["check"].results}
    assert counts["CL09"] == 14 and counts["CL01"] == 14 and counts["CL08"] == 14


def test_the_command_prints_the_findings_as_json(world, team):
    alone = HouseholdFactory(village=world.village_a)
    out = StringIO()
    call_command(
        "data_quality",
        "--quarter",
        "2026Q4",
        "--commune",
        world.commune.code,
        "--village",
        world.village_a.code,
        "--format",
        "json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    rules = {r["code"]: r for r in result["rules"]}
    assert rules["CL05"]["rows"][0]["key"] == f"household:{alone.pk}"
    assert rules["CL05"]["severity"] == "warn" and result["blocking"] is False


def test_the_sent_commune_report_prints_the_teams_explanations_in_annex_iv(world, team, client_for):
    from tests.reports.test_pdf_pages import page_texts

    HouseholdFactory(village=world.village_a)
    workflow.submit(
        workflow.report_for(world.commune, Q4, world.village_a),
        world.users["leader"],
        explanation="Hộ mới tách, sẽ phân công.",
    )
    workflow.send(workflow.report_for(world.commune, Q4), world.users["office"])
    pdf = client_for("office").get(reverse("reports:commune_report_file", args=["2026Q4", "pdf"]))
    text = " ".join(" ".join(page.split()) for page in page_texts(pdf.content))
    annex = text[text.index("Phụ lục IV") :]
    assert "Kiểm tra chất lượng dữ liệu" in annex
    assert f"{world.village_a.name}: Hộ mới tách, sẽ phân công." in annex
    assert "CL05 · Hộ chưa có tổ viên phụ trách" in annex
