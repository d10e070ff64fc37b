"""Team pages as a village leader and the office see them: composition, coverage, leader,
activity weeks, members list, role catalogue."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teams.models import Member, MemberRole, Team
from tests.factories import (
    ActivityDayFactory,
    MemberFactory,
    TrainingSessionFactory,
    role_of,
    village_team,
)

pytestmark = pytest.mark.django_db

REQUIRED_CODES = [
    "bi-thu-chi-bo",
    "truong-ban-mat-tran",
    "truong-thon",
    "dai-dien-hoi-doan-the",
    "an-ninh-co-so",
    "y-te-thon",
]


def full_team(village, *, size=9, skip=()):
    """A team of `size` members holding every required role except `skip`, with a leader."""
    team = village_team(village)
    roles = [role_of(village.commune_id, c) for c in REQUIRED_CODES if c not in skip]
    other = role_of(village.commune_id, "khac")
    for i in range(size):
        MemberFactory(
            team=team,
            full_name=f"Nguyễn Văn Thành {i}",
            role=roles[i] if i < len(roles) else other,
            is_leader=(i == 0),
            is_youth_union=(i % 3 == 0),
        )
    return team


def status_of(client, team):
    html = client.get(reverse("teams:team_detail", args=[team.pk])).content.decode()
    start = html.index('data-testid="composition-status"')
    return html[start : html.index("</ul>", start)]


def test_village_team_of_exactly_nine_with_every_role_and_a_leader_is_complete(world, client_for):
    team = full_team(world.village_a, size=9)
    status = status_of(client_for("leader"), team)
    assert "Đủ thành phần" in status and "Chưa đủ" not in status
    assert "<strong>9</strong>/9" in status
    assert "Nguyễn Văn Thành 0" in status  # the leader, by name
    assert "Đoàn viên thanh niên: <strong>3</strong>" in status


def test_eight_members_is_flagged_one_short_but_the_team_still_works(world, client_for):
    team = full_team(world.village_a, size=8)
    client = client_for("leader")
    status = status_of(client, team)
    assert "Chưa đủ thành phần" in status and "thiếu 1" in status
    assert client.get(reverse("teams:member_create", args=[team.pk])).status_code == 200


def test_missing_required_role_and_leader_are_named(world, client_for):
    team = full_team(world.village_a, size=10, skip=["y-te-thon"])
    Member.objects.filter(team=team).update(is_leader=False)
    status = status_of(client_for("office"), team)
    assert "thiếu Y tế thôn" in status
    assert "chưa có" in status  # no leader


def test_member_who_leaves_no_longer_counts_and_keeps_their_history(world, client_for):
    team = full_team(world.village_a, size=9)
    member = team.members.get(full_name="Nguyễn Văn Thành 8")
    client = client_for("leader")
    url = reverse("teams:member_deactivate", args=[member.pk])
    assert "không bị xóa" in client.get(url).content.decode()
    response = client.post(url, {"left_on": datetime.date.today().isoformat()})
    assert response.status_code == 302
    assert Member.objects.filter(pk=member.pk).exists()
    status = status_of(client, team)
    assert "<strong>8</strong>/9" in status and "Chưa đủ thành phần" in status


def test_making_a_new_leader_steps_the_old_one_down(world, client_for):
    team = full_team(world.village_a, size=3)
    old = team.members.get(is_leader=True)
    new = team.members.exclude(pk=old.pk).first()
    client = client_for("leader")
    page = client.get(reverse("teams:member_make_leader", args=[new.pk])).content.decode()
    assert old.full_name in page  # the confirmation says who steps down
    client.post(reverse("teams:member_make_leader", args=[new.pk]))
    assert list(team.members.filter(is_leader=True)) == [new]
    assert new.full_name in status_of(client, team)


def test_training_coverage_names_who_is_not_trained_yet(world, client_for):
    team = village_team(world.village_a)
    lan = MemberFactory(team=team, full_name="Trần Thị Lan")
    duc = MemberFactory(team=team, full_name="Lê Minh Đức")
    MemberFactory(team=team, full_name="Phạm Thu Hà")
    session = TrainingSessionFactory(commune=world.commune, team=team)
    session.attendees.add(lan, duc)
    html = client_for("leader").get(reverse("teams:team_detail", args=[team.pk])).content
    html = html.decode()
    coverage = html[html.index('data-testid="training-coverage"') :]
    assert "<strong>2</strong>/3 (67 %)" in coverage
    untrained = coverage[: coverage.index("</ul>")]
    assert "Phạm Thu Hà" in untrained and "Trần Thị Lan" not in untrained


def test_a_team_without_members_has_no_coverage_figure_rather_than_100(world, client_for):
    village_team(world.village_a)
    html = client_for("office").get(reverse("teams:team_list")).content.decode()
    assert "<strong>0</strong>/0" in html and "100 %" not in html


def weeks_page(client, team, quarter):
    url = reverse("teams:activity_list", args=[team.pk])
    return client.get(url, {"quy": quarter}).content.decode()


def week_row(html, monday):
    return next(row for row in html.split("<tr") if f"<td>{monday}</td>" in row)


def test_a_day_of_exactly_four_hours_meets_the_week_and_three_and_a_half_does_not(
    world, client_for
):
    team = village_team(world.village_a)
    ActivityDayFactory(team=team, date=datetime.date(2026, 1, 6), hours=Decimal("4.0"))
    ActivityDayFactory(team=team, date=datetime.date(2026, 1, 13), hours=Decimal("3.5"))
    html = weeks_page(client_for("leader"), team, "2026Q1")
    assert "<strong>1</strong>/14" in html  # 2026 Q1 overlaps ISO weeks 1-14
    assert "table-success" in week_row(html, "05/01/2026")  # Monday of the 4-hour day's week
    assert "table-warning" in week_row(html, "12/01/2026")  # 3.5 hours is not enough


def test_a_week_spanning_two_quarters_counts_in_both(world, client_for):
    team = village_team(world.village_a)
    # Week 14 of 2026 runs Monday 30/03 to Sunday 05/04; the day is in Q2.
    ActivityDayFactory(team=team, date=datetime.date(2026, 4, 2), hours=Decimal("4"))
    client = client_for("leadership")
    for quarter in ("2026Q1", "2026Q2"):
        html = weeks_page(client, team, quarter)
        row = week_row(html, "30/03/2026")
        assert "table-success" in row and "05/04/2026" in row


def test_office_records_an_activity_day_and_bad_hours_are_refused(world, client_for):
    team = village_team(world.village_a)
    client = client_for("office")
    url = reverse("teams:activity_create", args=[team.pk])
    response = client.post(url, {"date": "2026-02-03", "hours": "25", "description": "Gõ cửa"})
    assert response.status_code == 200 and 'value="Gõ cửa"' in response.content.decode()
    response = client.post(url, {"date": "2026-02-03", "hours": "4", "description": "Gõ cửa"})
    assert response.status_code == 302 and response.url.endswith("?quy=2026Q1")
    again = client.post(url, {"date": "2026-02-03", "hours": "5"}).content.decode()
    assert "đã có ngày hoạt động" in again


def test_member_list_search_ignores_diacritics_and_filters_trained(world, client_for):
    team = village_team(world.village_a)
    lan = MemberFactory(team=team, full_name="Trần Thị Lan")
    MemberFactory(team=team, full_name="Nguyễn Văn Hùng")
    MemberFactory(team=village_team(world.village_b), full_name="Nguyễn Văn Hải")
    TrainingSessionFactory(commune=world.commune, team=team).attendees.add(lan)
    client = client_for("leader")
    url = reverse("teams:member_list")
    html = client.get(url, {"q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn Hùng" in html and "Nguyễn Văn Hải" not in html  # another village
    html = client.get(url, {"trained": "no"}).content.decode()
    assert "Nguyễn Văn Hùng" in html and "Trần Thị Lan" not in html
    html = client_for("office").get(url, {"village": world.village_b.pk}).content.decode()
    assert "Nguyễn Văn Hải" in html and "Nguyễn Văn Hùng" not in html


def test_member_list_query_count_does_not_grow_with_members(world, client_for):
    client = client_for("office")
    team = village_team(world.village_a)
    MemberFactory(team=team)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("teams:member_list"))
    for _ in range(10):
        MemberFactory(team=village_team(world.village_b))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("teams:member_list"))
    assert len(many) == len(few)


def test_leader_adds_a_member_and_a_bad_form_keeps_what_was_typed(world, client_for):
    team = village_team(world.village_a)
    client = client_for("leader")
    url = reverse("teams:member_create", args=[team.pk])
    role = MemberRole.objects.of(world.commune).get(code="y-te-thon")
    response = client.post(url, {"full_name": "Vũ Thị Hoa", "phone": "0987", "role": ""})
    assert response.status_code == 200 and 'value="Vũ Thị Hoa"' in response.content.decode()
    response = client.post(url, {"full_name": " Vũ  Thị Hoa ", "role": role.pk})
    assert response.status_code == 302
    assert team.members.get().full_name == "Vũ Thị Hoa"


def test_member_form_stores_a_phone_typed_with_spaces_as_0_and_10_digits(world, client_for):
    team = village_team(world.village_a)
    role = MemberRole.objects.of(world.commune).get(code="y-te-thon")
    client = client_for("leader")
    client.post(
        reverse("teams:member_create", args=[team.pk]),
        {"full_name": "Vũ Thị Hoa", "role": role.pk, "phone": "0912 345 678"},
    )
    member = team.members.get()
    assert member.phone == "0912345678"
    client.post(
        reverse("teams:member_edit", args=[member.pk]),
        {"full_name": "Vũ Thị Hoa", "role": role.pk, "phone": "(0203) 3123 456"},
    )
    member.refresh_from_db()
    assert member.phone == "02033123456"


def test_member_form_refuses_any_text_as_a_phone_with_the_rule_and_keeps_what_was_typed(
    world, client_for
):
    team = village_team(world.village_a)
    role = MemberRole.objects.of(world.commune).get(code="y-te-thon")
    url = reverse("teams:member_create", args=[team.pk])
    client = client_for("leader")
    for typed, rule in [
        ("12345", "Không phải số điện thoại Việt Nam: số di động bắt đầu bằng 03, 05, 07, 08"),
        ("gọi qua Zalo", "Số điện thoại chỉ gồm chữ số"),
    ]:
        response = client.post(url, {"full_name": "Vũ Thị Hoa", "role": role.pk, "phone": typed})
        content = response.content.decode()
        assert response.status_code == 200 and rule in content
        assert f'value="{typed}"' in content and 'value="Vũ Thị Hoa"' in content
    assert not team.members.exists()


def test_a_members_phone_on_the_team_page_dials_when_tapped(world, client_for):
    team = village_team(world.village_a)
    MemberFactory(team=team, full_name="Vũ Thị Hoa", phone="0912345678")
    MemberFactory(team=team, full_name="Lê Văn Tâm", phone="")
    html = client_for("leadership").get(reverse("teams:team_detail", args=[team.pk]))
    assert html.content.decode().count('href="tel:') == 1
    assert '<a href="tel:0912345678">0912345678</a>' in html.content.decode()


def test_leader_cannot_tick_a_member_of_another_village_in_a_training(world, client_for):
    team = village_team(world.village_a)
    outsider = MemberFactory(team=village_team(world.village_b))
    response = client_for("leader").post(
        reverse("teams:training_create"),
        {
            "team": team.pk,
            "date": "2026-03-10",
            "place": "Nhà văn hóa thôn",
            "organiser": "Tổ CNSCĐ",
            "topics": [1],
            "attendees": [outsider.pk],
        },
    )
    assert response.status_code == 200
    assert not team.trainings.exists()


def test_office_creates_the_commune_team_once(world, client_for):
    client = client_for("office")
    url = reverse("teams:team_create")
    assert client.post(url, {"level": "commune"}).status_code == 302
    team = Team.objects.get(level="commune", commune=world.commune)
    assert team.name == "Tổ CNSCĐ xã Liên Minh"
    again = client.post(url, {"level": "commune"}).content.decode()
    assert "đã có Tổ CNSCĐ cấp xã" in again


def test_a_role_newly_marked_required_is_reported_missing(world, client_for):
    team = full_team(world.village_a, size=9)
    client = client_for("office")
    response = client.post(
        reverse("teams:role_create"),
        {
            "name": "Chi hội trưởng Phụ nữ",
            "required_in_village_team": "on",
            "sort_order": 45,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert (
        MemberRole.objects.of(world.commune).get(name="Chi hội trưởng Phụ nữ").code
        == "chi-hoi-truong-phu-nu"
    )
    assert "thiếu Chi hội trưởng Phụ nữ" in status_of(client, team)


def test_a_commune_wide_training_counts_for_the_members_who_attended(world, client_for):
    team_a, team_b = village_team(world.village_a), village_team(world.village_b)
    lan = MemberFactory(team=team_a, full_name="Trần Thị Lan")
    MemberFactory(team=team_b, full_name="Nguyễn Văn Hải")
    client = client_for("office")
    response = client.post(
        reverse("teams:training_create"),
        {
            "team": "",
            "date": "2026-01-15",
            "place": "Hội trường UBND xã",
            "organiser": "UBND xã Liên Minh",
            "topics": [1, 2],
            "attendees": [lan.pk],
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("teams:team_detail", args=[team_a.pk])).content.decode()
    assert "<strong>1</strong>/1 (100 %)" in html
    # The leader of village A sees the commune-wide session their member attended.
    html = client_for("leader").get(reverse("teams:training_list")).content.decode()
    assert "Hội trường UBND xã" in html and "Chung của xã" in html
    html = client.get(reverse("teams:training_list"), {"team": team_b.pk}).content.decode()
    assert "Tổ này chưa có buổi tập huấn nào." in html


def test_a_role_no_longer_used_is_not_offered_nor_required(world, client_for):
    team = full_team(world.village_a, size=9, skip=["y-te-thon"])
    health = MemberRole.objects.of(world.commune).get(code="y-te-thon")
    client = client_for("office")
    assert "thiếu Y tế thôn" in status_of(client, team)
    response = client.post(
        reverse("teams:role_edit", args=[health.pk]),
        {"name": "Y tế thôn", "sort_order": 60, "required_in_village_team": "on"},
    )
    assert response.status_code == 302
    assert "thiếu" not in status_of(client, team)
    form = client.get(reverse("teams:member_create", args=[team.pk])).content.decode()
    assert "Y tế thôn" not in form and "Trưởng thôn" in form


def test_team_list_query_count_does_not_grow_with_teams(world, client_for):
    client = client_for("office")
    full_team(world.village_a, size=3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("teams:team_list"))
    full_team(world.village_b, size=5)
    village_team(world.other_commune_village)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("teams:team_list"))
    assert len(many) == len(few)
