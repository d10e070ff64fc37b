"""A team member, on a phone, logs a support visit to a household found by typing part of its
name without diacritics (search as you type)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.models import SupportVisit
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, HouseholdFactory, MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_logs_a_visit_to_a_household_found_without_diacritics(world, phone_page):
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, full_name="Đỗ Minh Tuấn", user=world.users["member"])
    household = HouseholdFactory(
        village=world.village_a, head_name="Nguyễn Thị Hường", address="Xóm 3, Thôn Đông"
    )
    HouseholdFactory(village=world.village_a, head_name="Vũ Văn Long", address="Xóm 1")
    page = phone_page
    log_in(page, "tovien", TEST_PASSWORD)

    page.goto(page.base_url + "/luot-ho-tro/them/")
    expect(page.get_by_label("Tổ viên")).to_have_value(str(me.pk))
    page.get_by_label("Tìm hộ dân").press_sequentially("thi huong", delay=30)
    choice = page.get_by_label("Nguyễn Thị Hường")
    expect(choice).to_be_visible()
    expect(page.get_by_text("Vũ Văn Long")).to_have_count(0)
    choice.check()
    page.get_by_label("Cài đặt, kích hoạt VNeID").check()
    page.get_by_label("Số người được hỗ trợ").fill("2")
    page.get_by_role("button", name="Lưu lượt hỗ trợ").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu lượt hỗ trợ")
    expect(page.locator("main table")).to_contain_text("Nguyễn Thị Hường")
    visit = SupportVisit.objects.get()
    assert (visit.household, visit.member, visit.people_helped) == (household, me, 2)
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_member_types_the_date_of_a_visit_as_digits_and_the_slashes_come_by_themselves(
    world, phone_page
):
    MemberFactory(team=TeamFactory(village=world.village_a), user=world.users["member"])
    page = phone_page
    log_in(page, "tovien", TEST_PASSWORD)
    day = timezone.localdate() - datetime.timedelta(days=2)

    page.goto(page.base_url + "/luot-ho-tro/them/")
    date = page.get_by_role("textbox", name="Ngày")
    expect(date).to_have_value(timezone.localdate().strftime("%d/%m/%Y"))
    date.fill("25.11.2026")  # the browser itself knows the pattern
    assert date.evaluate("input => input.validity.patternMismatch")
    date.clear()
    date.press_sequentially(day.strftime("%d%m%Y"), delay=30)  # a number pad has no "/"
    expect(date).to_have_value(day.strftime("%d/%m/%Y"))
    assert date.evaluate("input => input.validity.valid")
    page.get_by_label("Người dân đến hỗ trợ trực tiếp").fill("Lò Thị Sen")
    page.get_by_label("Cài đặt, kích hoạt VNeID").check()
    page.get_by_role("button", name="Lưu lượt hỗ trợ").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu lượt hỗ trợ")
    assert SupportVisit.objects.get().date == day


def test_the_office_of_a_large_commune_chooses_the_team_then_its_member(
    world, phone_page, monkeypatch
):
    """Above SupportVisitForm.MEMBERS_AT_ONCE members (lowered here to two), the form lists
    one team's members: choosing the team loads them (static/js/member-team.js)."""
    from households.forms import SupportVisitForm

    monkeypatch.setattr(SupportVisitForm, "MEMBERS_AT_ONCE", 2)
    MemberFactory(team=TeamFactory(village=world.village_a), full_name="Lò Văn Páo")
    team_b = TeamFactory(village=world.village_b, name="Tổ CNSCĐ Thôn Đoài")
    MemberFactory(team=team_b, full_name="Hà Thị Mai")
    dung = MemberFactory(team=team_b, full_name="Nông Văn Dũng")
    household = HouseholdFactory(village=world.village_b, head_name="Triệu Văn Hùng")
    page = phone_page
    log_in(page, "vanphong", TEST_PASSWORD)

    page.goto(page.base_url + "/luot-ho-tro/them/")
    member = page.get_by_label("Tổ viên")
    expect(member.locator("option")).to_have_count(1)  # the team comes first
    page.get_by_label("Tổ", exact=True).select_option(label="Tổ CNSCĐ Thôn Đoài")
    expect(member.locator("option")).to_have_count(3)
    expect(member).not_to_contain_text("Lò Văn Páo")
    member.select_option(label="Nông Văn Dũng")
    page.get_by_label("Tìm hộ dân").press_sequentially("trieu van hung", delay=30)
    page.get_by_label("Triệu Văn Hùng").check()
    page.get_by_label("Cài đặt, kích hoạt VNeID").check()
    page.get_by_role("button", name="Lưu lượt hỗ trợ").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu lượt hỗ trợ")
    visit = SupportVisit.objects.get()
    assert (visit.member, visit.household) == (dung, household)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
