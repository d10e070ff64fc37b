"""Emulation nominations (thi đua): the suggestion rules, the form's rules, the workflow."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.awards import nominations
from reports.awards.yearreview import review
from reports.kpis.scopes import Scope
from reports.models import Award, Nomination, NominationStatus
from tests.factories import (
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    NominationFactory,
    SupportVisitFactory,
    TeamFactory,
    VillageFactory,
    platform_of,
)

D = datetime.date
ESSENTIALS = ("vneid", "dich-vu-cong", "thanh-toan-khong-tien-mat")


RECORDED = D(2026, 3, 1)


def _uses(household, *codes, on=RECORDED):
    for code in codes:
        HouseholdPlatformFactory(
            household=household,
            platform=platform_of(household.village.commune_id, code),
            first_recorded_on=on,
        )


# --- the suggestion rules, against hand-counted fixtures ------------------------------------


def test_a_digital_family_uses_every_essential_platform_and_another(world):
    full = HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn Tuấn")
    _uses(full, *ESSENTIALS, "so-suc-khoe-dien-tu")
    only_essentials = HouseholdFactory(village=world.village_a, head_name="Đỗ Thị Hồng")
    _uses(only_essentials, *ESSENTIALS)
    missing_one = HouseholdFactory(village=world.village_b, head_name="Vũ Văn Long")
    _uses(missing_one, "vneid", "dich-vu-cong", "so-suc-khoe-dien-tu", "thuong-mai-dien-tu")
    next_year = HouseholdFactory(village=world.village_b, head_name="Bùi Thị Nga")
    _uses(next_year, *ESSENTIALS)
    _uses(next_year, "so-suc-khoe-dien-tu", on=D(2027, 1, 2))
    households = full.__class__.objects.filter(village__commune=world.commune)
    found = nominations.digital_families(world.commune, households, D(2026, 12, 31))
    assert [s.name for s in found] == ["Nguyễn Văn Tuấn"]
    assert found[0].prefill == {"ho": full.pk}


def test_pioneer_citizens_are_the_earliest_adopters_and_the_busiest_members(world):
    late = HouseholdFactory(village=world.village_a, head_name="Đỗ Thị Hồng")
    _uses(late, "vneid", on=D(2026, 6, 1))
    early = HouseholdFactory(village=world.village_b, head_name="Vũ Văn Long")
    _uses(early, "so-suc-khoe-dien-tu", on=D(2025, 10, 1))  # not essential: does not count
    _uses(early, "dich-vu-cong", on=D(2025, 11, 2))
    households = late.__class__.objects.filter(village__commune=world.commune)
    adopters = nominations.early_adopters(households, D(2026, 12, 31))
    assert [(s.name, s.figure) for s in adopters] == [
        ("Vũ Văn Long", "dùng nền tảng số thiết yếu từ ngày 02/11/2025"),
        ("Đỗ Thị Hồng", "dùng nền tảng số thiết yếu từ ngày 01/06/2026"),
    ]
    team = TeamFactory(village=world.village_a)
    busy, quiet = MemberFactory(team=team, full_name="Trần Thị Lan"), MemberFactory(team=team)
    SupportVisitFactory.create_batch(3, member=busy, date=D(2026, 4, 1))
    SupportVisitFactory(member=quiet, date=D(2026, 4, 1))
    SupportVisitFactory.create_batch(5, member=quiet, date=D(2025, 12, 1))  # another year
    members = nominations.busiest_members(world.commune, 2026)
    assert [(s.name, s.figure) for s in members] == [
        ("Trần Thị Lan", "3 lượt hỗ trợ trong năm 2026"),
        (quiet.full_name, "1 lượt hỗ trợ trong năm 2026"),
    ]
    assert members[0].prefill == {"ten": "Trần Thị Lan", "thon": world.village_a.pk}


def test_electronic_areas_rank_villages_by_adoption_and_reach(world):
    for village, adopting in ((world.village_a, 1), (world.village_b, 2)):
        for n in range(2):
            household = HouseholdFactory(village=village)
            if n < adopting:
                _uses(household, "vneid")
    VillageFactory(commune=world.commune, name="Xóm Mới")  # no household: left out
    result = review(Scope.whole_commune(world.commune), 2026, D(2026, 12, 31))
    found = nominations.electronic_areas(result)
    assert [(s.name, s.figure) for s in found] == [
        ("Thôn Đoài", "sử dụng nền tảng số 100,0 %, được tuyên truyền 0,0 % trên 2 hộ dân"),
        ("Thôn Đông", "sử dụng nền tảng số 50,0 %, được tuyên truyền 0,0 % trên 2 hộ dân"),
    ]


def test_exemplary_teams_rank_by_team_targets_met_over_the_year(world):
    busy = TeamFactory(village=world.village_a)
    SupportVisitFactory.create_batch(50, member=MemberFactory(team=busy), date=D(2026, 2, 2))
    quiet = TeamFactory(village=world.village_b)
    SupportVisitFactory(member=MemberFactory(team=quiet), date=D(2026, 2, 2))
    result = review(Scope.whole_commune(world.commune), 2026, D(2026, 3, 31))  # Q1 only
    found = nominations.exemplary_teams(result)
    # K5 (≥ 50 visits) met in the one quarter; K1, K2, K6 not: 1 of 4. The quiet team meets
    # none, so it is not suggested.
    assert [(s.name, s.figure) for s in found] == [
        (busy.name, "đạt 1/4 chỉ tiêu của Tổ, 50 lượt hỗ trợ")
    ]


def test_suggestions_flag_who_is_already_nominated_and_link_to_a_prefilled_form(world, client_for):
    household = HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn Tuấn")
    _uses(household, *ESSENTIALS, "so-suc-khoe-dien-tu")
    other = HouseholdFactory(village=world.village_b, head_name="Đỗ Thị Hồng")
    _uses(other, *ESSENTIALS, "so-suc-khoe-dien-tu")
    NominationFactory(category=Award.DIGITAL_FAMILY, household=other, village=world.village_b)
    page = client_for("office").get(reverse("reports:nomination_suggestions"))
    text = page.content.decode()
    families = text.split('data-testid="suggestions-digital_family"')[1].split("card my-3")[0]
    assert "Nguyễn Văn Tuấn" in families and "Đỗ Thị Hồng" in families
    assert "loai=digital_family&amp;nam=2026&amp;ly-do=" in families
    assert f"ho={household.pk}" in families
    assert f"ho={other.pk}" not in families and "đã đề cử" in families  # a badge, no button
    form = client_for("office").get(
        reverse("reports:nomination_create"),
        {"loai": "digital_family", "ho": household.pk, "ly-do": "Gia đình gương mẫu"},
    )
    form_text = form.content.decode()
    option = f'<option value="{household.pk}" selected>Nguyễn Văn Tuấn · {household.address}'
    assert option in form_text
    assert "Gia đình gương mẫu" in form_text


def test_suggestions_page_explains_each_rule_in_vietnamese(world, client_for):
    text = client_for("leadership").get(reverse("reports:nomination_suggestions")).content.decode()
    assert "Quy tắc: các Tổ được xếp theo số chỉ tiêu" in text
    assert "Nominate" not in text and "Đề cử" not in text  # leadership reads only


# --- the form's rules -----------------------------------------------------------------------


def _post(client, **data):
    payload = {"year": 2026, "reason": "Tiêu biểu trong phong trào", **data}
    return client.post(reverse("reports:nomination_create"), payload)


def test_a_digital_family_must_name_a_household(world, client_for):
    response = _post(client_for("office"), category=Award.DIGITAL_FAMILY)
    assert response.status_code == 200
    assert "Hãy chọn hộ dân được đề cử." in response.content.decode()
    assert "Tiêu biểu trong phong trào" in response.content.decode()  # kept what was typed
    assert not Nomination.objects.exists()


def test_a_team_nomination_must_name_a_team_of_the_commune(world, client_for):
    elsewhere = TeamFactory(village=world.other_commune_village)
    response = _post(client_for("office"), category=Award.EXEMPLARY_TEAM, team=elsewhere.pk)
    assert response.status_code == 200 and not Nomination.objects.exists()
    own = TeamFactory(village=world.village_a)
    response = _post(client_for("office"), category=Award.EXEMPLARY_TEAM, team=own.pk)
    assert response.status_code == 302
    saved = Nomination.objects.get()
    assert (saved.team, saved.village, saved.nominee_name) == (own, world.village_a, own.name)
    assert saved.created_by == world.users["office"]


def test_a_household_of_another_commune_is_refused(world, client_for):
    elsewhere = HouseholdFactory(village=world.other_commune_village)
    response = _post(client_for("office"), category=Award.DIGITAL_FAMILY, household=elsewhere.pk)
    assert response.status_code == 200 and not Nomination.objects.exists()


def test_a_pioneer_citizen_is_named_with_a_village_and_only_the_fields_it_needs(world, client_for):
    team = TeamFactory(village=world.village_b)
    response = _post(
        client_for("office"),
        category=Award.PIONEER_CITIZEN,
        resident_name="  Lò   Văn Sơn ",
        village=world.village_a.pk,
        team=team.pk,  # ignored: a resident is not a team
    )
    assert response.status_code == 302
    saved = Nomination.objects.get()
    assert (saved.resident_name, saved.village, saved.team) == ("Lò Văn Sơn", world.village_a, None)
    again = _post(
        client_for("office"),
        category=Award.PIONEER_CITIZEN,
        resident_name="lò văn sơn",
        village=world.village_a.pk,
    )
    assert "đã được đề cử danh hiệu này" in again.content.decode()


def test_a_pioneer_citizen_needs_a_name(world, client_for):
    response = _post(
        client_for("office"), category=Award.PIONEER_CITIZEN, village=world.village_a.pk
    )
    assert "Hãy ghi họ và tên người dân." in response.content.decode()


# --- the workflow and who sees what ----------------------------------------------------------


def test_office_edits_submits_then_cannot_edit_and_withdraws(world, client_for):
    client = client_for("office")
    nomination = NominationFactory(village=world.village_a)
    edit = reverse("reports:nomination_edit", args=[nomination.pk])
    response = client.post(
        edit,
        {"year": 2026, "category": Award.ELECTRONIC_AREA, "village": world.village_b.pk,
         "reason": "Đổi sang thôn khác"},
    )  # fmt: skip
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.village, nomination.nominee_name) == (world.village_b, "Thôn Đoài")
    submit = reverse("reports:nomination_action", args=[nomination.pk, "gui-so"])
    assert "Gửi lên Sở?" in client.get(submit).content.decode()  # a confirmation page first
    client.post(submit)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.status_changed_by == world.users["office"]
    assert client.get(edit).status_code == 302  # no longer editable
    client.post(reverse("reports:nomination_action", args=[nomination.pk, "rut"]))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN


def test_a_leader_reads_only_the_nominations_of_their_village(world, client_for):
    NominationFactory(village=world.village_a, reason="Thôn mình")
    NominationFactory(village=world.village_b, reason="Thôn bên")
    text = client_for("leader").get(reverse("reports:nomination_list")).content.decode()
    assert "Thôn Đông" in text and "Thôn Đoài" not in text
    assert "Sửa" not in text
    office = client_for("office").get(reverse("reports:nomination_list")).content.decode()
    assert "Thôn Đông" in office and "Thôn Đoài" in office


def test_the_list_filters_by_title_status_and_search(world, client_for):
    NominationFactory(village=world.village_a)
    withdrawn = NominationFactory(village=world.village_b)
    withdrawn.withdraw(world.users["office"])
    client = client_for("office")
    text = client.get(
        reverse("reports:nomination_list"), {"trang-thai": "withdrawn"}
    ).content.decode()
    assert "Thôn Đoài" in text and ">Thôn Đông<" not in text
    text = client.get(reverse("reports:nomination_list"), {"q": "thon dong"}).content.decode()
    assert ">Thôn Đông<" in text and ">Thôn Đoài<" not in text
    empty = client.get(reverse("reports:nomination_list"), {"loai": "exemplary_team"})
    assert "Không có đề cử nào khớp" in empty.content.decode()


@pytest.mark.parametrize("action", ["submit", "withdraw"])
def test_a_withdrawn_nomination_cannot_change_again(world, action):
    nomination = NominationFactory(village=world.village_a)
    nomination.withdraw(world.users["office"])
    with pytest.raises(Exception, match="rút|withdrawn|Only|Chỉ"):
        getattr(nomination, action)(world.users["office"])


def test_submitting_and_withdrawing_log_who_and_when_shown_on_the_nomination_s_page(
    world, client_for
):
    office = client_for("office")
    nomination = NominationFactory(village=world.village_a)
    before = timezone.now()
    office.post(reverse("reports:nomination_action", args=[nomination.pk, "gui-so"]))
    office.post(reverse("reports:nomination_action", args=[nomination.pk, "rut"]))
    steps = list(nomination.transitions.all())
    assert [(t.from_status, t.to_status, t.user) for t in steps] == [
        ("proposed", "submitted", world.users["office"]),
        ("submitted", "withdrawn", world.users["office"]),
    ]
    assert all(before <= t.at <= timezone.now() for t in steps)
    nomination.refresh_from_db()
    assert nomination.status_changed_at == steps[-1].at
    page = client_for("leader").get(reverse("reports:nomination_detail", args=[nomination.pk]))
    history = page.content.decode().split('data-testid="history"')[1]
    assert "Đề xuất → <strong>Đã gửi Sở</strong>" in history
    assert "Đã gửi Sở → <strong>Đã rút</strong>" in history
    assert f"{timezone.localtime(steps[0].at):%d/%m/%Y %H:%M}" in history


def test_a_refused_step_writes_no_transition_and_says_why(world, client_for):
    nomination = NominationFactory(village=world.village_a)
    nomination.withdraw(world.users["office"])
    response = client_for("office").post(
        reverse("reports:nomination_action", args=[nomination.pk, "gui-so"]), follow=True
    )
    assert "Chỉ gửi được đề cử đang ở trạng thái đề xuất." in response.content.decode()
    assert [t.to_status for t in nomination.transitions.all()] == ["withdrawn"]


def test_an_unknown_step_is_404_and_a_leader_gets_403(world, client_for):
    nomination = NominationFactory(village=world.village_a)
    office, leader = client_for("office"), client_for("leader")
    assert (
        office.get(reverse("reports:nomination_action", args=[nomination.pk, "xoa"])).status_code
        == 404
    )
    rut = reverse("reports:nomination_action", args=[nomination.pk, "rut"])
    assert leader.post(rut).status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PROPOSED and not nomination.transitions.exists()


def test_the_pages_show_exactly_the_allowed_steps(world, client_for):
    proposed = NominationFactory(village=world.village_a)
    submitted = NominationFactory(village=world.village_b)
    submitted.submit(world.users["office"])
    office = client_for("office")

    def steps(page, pk):
        row = page.split(f'href="/thi-dua/de-cu/{pk}/"')[1].split("</tr>")[0]
        return re.findall(r'data-action="([a-z-]+)"', row)

    page = office.get(reverse("reports:nomination_list")).content.decode()
    assert steps(page, proposed.pk) == ["gui-so", "rut"]
    assert steps(page, submitted.pk) == ["rut"]
    detail = office.get(reverse("reports:nomination_detail", args=[submitted.pk])).content.decode()
    assert re.findall(r'data-action="([a-z-]+)"', detail) == ["rut"]
    leadership = client_for("leadership").get(reverse("reports:nomination_list")).content.decode()
    assert "data-action" not in leadership


def test_find_offers_the_households_matching_a_name_without_saving(world, client_for):
    wanted = HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn Tuấn")
    HouseholdFactory(village=world.village_a, head_name="Đỗ Thị Hồng")
    HouseholdFactory(village=world.other_commune_village, head_name="Nguyễn Văn Tuấn")
    response = _post(
        client_for("office"),
        category=Award.DIGITAL_FAMILY,
        household_query="nguyen van tuan",
        find="1",
    )
    text = response.content.decode()
    assert response.status_code == 200 and not Nomination.objects.exists()
    assert text.count("Nguyễn Văn Tuấn ·") == 1 and f'value="{wanted.pk}"' in text
    assert "Đỗ Thị Hồng" not in text
    assert "Hãy chọn hộ dân được đề cử." not in text  # a search, not a failed save
    saved = _post(client_for("office"), category=Award.DIGITAL_FAMILY, household=wanted.pk)
    assert saved.status_code == 302 and Nomination.objects.get().household == wanted


@pytest.mark.django_db(transaction=True)
def test_two_withdrawals_at_the_same_moment_log_one_step(world):
    """On PostgreSQL the row lock makes the second click wait, then refuses it."""
    import threading

    from django.db import connection, connections

    from reports.transitions import TransitionRefused

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself; the row lock is PostgreSQL's")
    nomination = NominationFactory(village=world.village_a)
    barrier = threading.Barrier(2)
    outcomes = []

    def withdraw():
        barrier.wait()
        try:
            Nomination.objects.get(pk=nomination.pk).withdraw(world.users["office"])
            outcomes.append("done")
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=withdraw) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert nomination.transitions.count() == 1
