"""The home page's panel "Tasks waiting for me" (reports/tasks.py), as each role sees it, and
the leader's menu entry for the team's quarterly report."""

import datetime

import pytest
from django.urls import reverse

from binhdan.quarters import Quarter
from reports.reporting import workflow
from tests.factories import (
    CommunicationActivityFactory,
    HouseholdFactory,
    MemberFactory,
    SupportVisitFactory,
    VillageFactory,
    local_time,
    village_team,
)

pytestmark = pytest.mark.django_db
D = datetime.date
Q4 = Quarter(2026, 4)
NOVEMBER_20 = D(2026, 11, 20)


@pytest.fixture
def late_november(world, today_is):
    """30 November 2026: the team reports of Q4 are due in 21 days, the commune's in 26."""
    today_is(D(2026, 11, 30))


def panel(html: str) -> str:
    """The HTML of the tasks panel of a page."""
    assert 'data-testid="tasks"' in html, "no tasks panel on the page"
    return html.split('data-testid="tasks"')[1].split("</section>")[0]


def home(client_for, role: str) -> str:
    return client_for(role).get(reverse("home")).content.decode()


def submitted(world, village, quarter=Q4, day=NOVEMBER_20):
    """The leader submits `village`'s report of `quarter` on `day`."""
    report = workflow.report_for(world.commune, quarter, village)
    return workflow.submit(
        report,
        world.users["leader"],
        at=local_time(day.year, day.month, day.day),
        explanation="Đã rà soát các cảnh báo.",  # the data-quality check's, where there are
    )


def returned(world, comment: str):
    report = submitted(world, world.village_a)
    return workflow.return_report(
        report, world.users["office"], comment, at=local_time(2026, 11, 25)
    )


# --- a village team's leader --------------------------------------------------------------


def test_leader_sees_the_returned_report_with_the_office_comment_and_days_left(
    world, client_for, late_november
):
    returned(world, "Bổ sung số liệu tuyên truyền tháng 11.")
    tasks = panel(home(client_for, "leader"))
    assert 'data-testid="task-returned"' in tasks
    assert "Báo cáo Quý IV/2026 bị trả lại để chỉnh sửa" in tasks
    assert "Văn phòng xã trả lại:" in tasks
    assert "Bổ sung số liệu tuyên truyền tháng 11." in tasks
    assert "còn 21 ngày" in tasks
    url = reverse("reports:team_report", args=[Q4, world.village_a.pk])
    assert f'href="{url}"' in tasks
    # Returned, it is no longer "to submit" as a draft would be.
    assert 'data-testid="task-to-submit"' not in tasks


def test_leader_sees_the_latest_comment_when_a_report_was_returned_twice(
    world, client_for, late_november
):
    report = returned(world, "Thiếu số liệu K5.")
    report = workflow.submit(
        report, world.users["leader"], at=local_time(2026, 11, 26), explanation="Đã rà soát."
    )
    workflow.return_report(
        report, world.users["office"], "Thiếu chữ ký.", at=local_time(2026, 11, 27)
    )
    tasks = panel(home(client_for, "leader"))
    assert "Thiếu chữ ký." in tasks and "Thiếu số liệu K5." not in tasks


def test_leader_is_told_the_days_left_to_submit_this_quarter_s_report(
    world, client_for, late_november
):
    tasks = panel(home(client_for, "leader"))
    assert 'data-testid="task-to-submit"' in tasks
    assert "Báo cáo Quý IV/2026 của Tổ: hạn nộp 21/12/2026" in tasks
    assert "còn 21 ngày" in tasks
    assert f'href="{reverse("reports:team_report", args=[Q4, world.village_a.pk])}"' in tasks


def test_leader_has_nothing_waiting_once_the_report_is_submitted(world, client_for, late_november):
    submitted(world, world.village_a)
    tasks = panel(home(client_for, "leader"))
    assert 'data-testid="no-tasks"' in tasks
    assert "Không có việc nào đang chờ bạn." in tasks


def test_leader_who_missed_the_deadline_is_told_the_date_passed(world, client_for, today_is):
    today_is(D(2026, 12, 23))
    tasks = panel(home(client_for, "leader"))
    assert 'data-testid="task-to-submit"' in tasks and "đã quá hạn" in tasks


def test_another_village_s_returned_report_is_not_on_the_leader_s_panel(
    world, client_for, late_november
):
    report = submitted(world, world.village_b)
    workflow.return_report(report, world.users["office"], "Của thôn Đoài.")
    assert "Của thôn Đoài." not in panel(home(client_for, "leader"))


# --- the commune office -------------------------------------------------------------------


def test_office_sees_the_reports_submitted_and_waiting_for_review(world, client_for, late_november):
    submitted(world, world.village_a, day=D(2026, 11, 20))
    submitted(world, world.village_b, Quarter(2026, 3), day=D(2026, 9, 18))
    tasks = panel(home(client_for, "office"))
    assert "2 báo cáo của thôn đang chờ xem xét" in tasks
    village_a = reverse("reports:team_report", args=[Q4, world.village_a.pk])
    village_b = reverse("reports:team_report", args=[Quarter(2026, 3), world.village_b.pk])
    assert f'href="{village_a}">Thôn Đông · Quý IV/2026</a>' in tasks
    assert f'href="{village_b}">Thôn Đoài · Quý III/2026</a>' in tasks
    assert "ngày nộp 20/11/2026" in tasks
    # the first submitted first
    assert tasks.index("Thôn Đoài · Quý III/2026") < tasks.index("Thôn Đông · Quý IV/2026")


def test_an_accepted_report_no_longer_waits_for_the_office(world, client_for, late_november):
    report = submitted(world, world.village_a)
    workflow.accept(report, world.users["office"])
    assert 'data-testid="task-to-review"' not in panel(home(client_for, "office"))


def test_office_sees_the_villages_yet_to_submit_and_the_days_left_to_the_26th(
    world, client_for, late_november
):
    submitted(world, world.village_a)
    tasks = panel(home(client_for, "office"))
    assert "1/2 Tổ CNSCĐ thôn chưa nộp báo cáo Quý IV/2026 (hạn 21/12/2026)" in tasks
    assert f'href="{reverse("reports:report_status")}?quy=2026Q4"' in tasks
    assert "Báo cáo Quý IV/2026 của xã gửi Sở Khoa học và Công nghệ: hạn 26/12/2026" in tasks
    assert "còn 26 ngày" in tasks
    assert f'href="{reverse("reports:commune_report", args=[Q4])}"' in tasks


def test_office_is_not_asked_for_the_commune_report_once_it_is_sent(
    world, client_for, late_november
):
    submitted(world, world.village_a)
    submitted(world, world.village_b)
    report = workflow.report_for(world.commune, Q4)
    workflow.send(report, world.users["office"], at=local_time(2026, 11, 29))
    tasks = panel(home(client_for, "office"))
    assert 'data-testid="task-to-send"' not in tasks
    assert 'data-testid="task-pending-villages"' not in tasks


# --- a team member ------------------------------------------------------------------------


@pytest.fixture
def member_in_charge(world):
    """The member user's team member record, in charge of households of village A."""
    return MemberFactory(
        team=village_team(world.village_a), full_name="Lê Thị Mai", user=world.users["member"]
    )


def test_member_sees_the_households_in_their_charge_never_reached(
    world, client_for, late_november, member_in_charge
):
    never = HouseholdFactory(
        village=world.village_a, head_name="Hoàng Văn Sơn", member_in_charge=member_in_charge
    )
    visited = HouseholdFactory(
        village=world.village_a, head_name="Vũ Thị Hoa", member_in_charge=member_in_charge
    )
    named = HouseholdFactory(
        village=world.village_a, head_name="Đinh Văn Tú", member_in_charge=member_in_charge
    )
    HouseholdFactory(village=world.village_a, head_name="Mai Văn Khang")  # someone else's
    SupportVisitFactory(member=member_in_charge, household=visited, walk_in_name="")
    CommunicationActivityFactory(
        commune=world.commune, villages=[world.village_a], households=[named]
    )

    tasks = panel(home(client_for, "member"))
    assert "1 hộ do bạn phụ trách chưa được tiếp cận lần nào" in tasks
    assert "Hoàng Văn Sơn" in tasks and never.get_absolute_url() in tasks
    assert "Vũ Thị Hoa" not in tasks and "Đinh Văn Tú" not in tasks
    assert "Mai Văn Khang" not in tasks
    link = f"{reverse('households:household_list')}?member={member_in_charge.pk}&amp;priority=never_reached"
    assert f'href="{link}"' in tasks

    # The link opens the registry filtered that way: the same households.
    registry = client_for("member").get(
        reverse("households:household_list"),
        {"member": member_in_charge.pk, "priority": "never_reached"},
    )
    listed = registry.content.decode()
    assert "Hoàng Văn Sơn" in listed
    assert "Vũ Thị Hoa" not in listed and "Mai Văn Khang" not in listed


def test_member_whose_households_were_all_reached_has_nothing_waiting(
    world, client_for, late_november, member_in_charge
):
    household = HouseholdFactory(village=world.village_a, member_in_charge=member_in_charge)
    CommunicationActivityFactory(
        commune=world.commune, villages=[world.village_a], reaches_all_households=True
    )
    assert household.pk
    assert 'data-testid="no-tasks"' in panel(home(client_for, "member"))


def test_a_leader_in_charge_of_households_gets_both_parts(world, client_for, late_november):
    leader = MemberFactory(
        team=village_team(world.village_a), is_leader=True, user=world.users["leader"]
    )
    HouseholdFactory(village=world.village_a, member_in_charge=leader)
    tasks = panel(home(client_for, "leader"))
    assert 'data-testid="task-to-submit"' in tasks
    assert 'data-testid="task-never-reached"' in tasks


@pytest.mark.parametrize("role", ["leadership", "police"])
def test_roles_with_nothing_to_do_get_no_panel(world, client_for, late_november, role):
    submitted(world, world.village_a)
    assert 'data-testid="tasks"' not in home(client_for, role)


# --- a fixed number of queries ------------------------------------------------------------


def _more_data(world, member):
    """Reports of every quarter of the plan, returned or waiting, and more households."""
    for quarter in (Quarter(2025, 4), Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)):
        day = quarter.team_report_due() - datetime.timedelta(days=2)
        returned_one = submitted(world, world.village_a, quarter, day=day)
        workflow.return_report(returned_one, world.users["office"], f"Sửa {quarter}.")
        submitted(world, world.village_b, quarter, day=day)
    for _ in range(8):
        HouseholdFactory(village=world.village_a, member_in_charge=member)


@pytest.mark.parametrize("role", ["leader", "office", "member"])
def test_home_page_queries_do_not_grow_with_reports_and_households(
    world, client_for, late_november, django_assert_max_num_queries, role
):
    member = MemberFactory(
        team=village_team(world.village_a),
        user=world.users["member"] if role == "member" else world.users["leader"],
    )
    HouseholdFactory(village=world.village_a, member_in_charge=member)
    returned(world, "Thiếu số liệu.")
    client = client_for(role)
    with django_assert_max_num_queries(60) as few:
        small = client.get(reverse("home"))
    assert 'data-testid="tasks"' in small.content.decode()
    _more_data(world, member)
    with django_assert_max_num_queries(len(few.captured_queries)):
        larger = client.get(reverse("home"))
    assert 'data-testid="tasks"' in larger.content.decode()


# --- the menu -----------------------------------------------------------------------------


def test_leader_menu_leads_to_the_team_s_report_of_this_quarter(world, client_for, late_november):
    html = home(client_for, "leader")
    url = reverse("reports:team_report", args=[Q4, world.village_a.pk])
    assert f'href="{url}">Báo cáo quý</a>' in html
    report_page = client_for("leader").get(url).content.decode()
    assert (
        f'class="dropdown-item active" aria-current="page" href="{url}">Báo cáo quý' in report_page
    )


def test_other_roles_keep_their_menu_entries_for_reports(world, client_for, late_november):
    status = reverse("reports:report_status")
    assert f'href="{status}">Báo cáo quý</a>' in home(client_for, "office")
    member = home(client_for, "member")
    assert "/thon/" not in member.split("<main")[0] and "Báo cáo quý</a>" not in member


def test_a_leader_without_a_village_gets_no_report_entry(world, client_for, late_november):
    VillageFactory(commune=world.commune)  # another village: not theirs
    leader = world.users["leader"]
    leader.village = None
    leader.save()
    html = client_for("leader").get(reverse("home")).content.decode()
    assert "Báo cáo quý</a>" not in html


# --- which reports a user's queries start from --------------------------------------------


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("office", {"LM01", "LM02", "commune"}, {"LM01", "LM02", "commune"}),
        ("leader", {"LM01"}, {"LM01"}),
        ("member", {"LM01"}, {"LM01"}),  # their village; the capabilities say what they may do
        ("leadership", {"LM01", "LM02", "commune"}, set()),
        ("police", {"LM01", "LM02", "commune"}, set()),
    ],
)
def test_reports_for_user_follow_the_villages_each_role_sees(world, role, read, write):
    from reports.models import QuarterlyReport

    for village in (world.village_a, world.village_b, world.other_commune_village, None):
        commune = village.commune if village else world.commune
        workflow.report_for(commune, Q4, village).save()
    user = world.users[role]

    def places(reports):
        return {r.village.code if r.village_id else "commune" for r in reports}

    assert places(QuarterlyReport.objects.for_user(user)) == read
    assert places(QuarterlyReport.objects.for_user(user, write=True)) == write
