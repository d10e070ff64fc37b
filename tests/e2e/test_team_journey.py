"""A village leader completes their team: adds a member, records a training with
attendance, and sees the composition status and training coverage change."""

import pytest
from playwright.sync_api import expect

from teams.models import MemberRole
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, MemberFactory, ensure_catalogues, village_team

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ["bi-thu-chi-bo", "truong-ban-mat-tran", "truong-thon", "dai-dien-hoi-doan-the",
         "an-ninh-co-so", "y-te-thon", "khac", "khac"]  # fmt: skip


def test_leader_adds_a_member_records_a_training_and_sees_the_team_complete(world, phone_page):
    ensure_catalogues()
    team = village_team(world.village_a)
    for i, code in enumerate(ROLES):
        MemberFactory(
            team=team,
            full_name=f"Nguyễn Văn Thành {i}",
            role=MemberRole.objects.of(world.commune).get(code=code),
            is_leader=(code == "truong-thon"),
        )
    page = phone_page
    log_in(page, "totruong", TEST_PASSWORD)

    page.get_by_role("button", name="Trình đơn").click()
    page.get_by_role("button", name="Tổ CNSCĐ").click()  # the menu group
    page.get_by_role("link", name="Các Tổ CNSCĐ").click()
    page.get_by_role("link", name=team.name).click()
    status = page.get_by_test_id("composition-status")
    expect(status).to_contain_text("Chưa đủ thành phần")
    expect(status).to_contain_text("8/9")

    page.get_by_role("link", name="Thêm tổ viên").click()
    page.get_by_label("Họ và tên").fill("Vũ Thị Hoa")
    page.get_by_label("Vai trò").select_option(label="Đoàn viên thanh niên")
    page.get_by_label("Đoàn viên thanh niên").check()
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã thêm Vũ Thị Hoa vào Tổ.")
    expect(status).to_contain_text("Đủ thành phần")
    expect(status).to_contain_text("9/9")
    expect(status).not_to_contain_text("Chưa đủ")
    coverage = page.get_by_test_id("training-coverage")
    expect(coverage).to_contain_text("0/9")

    page.get_by_role("link", name="Ghi buổi tập huấn").click()
    page.get_by_label("Địa điểm").fill("Nhà văn hóa Thôn Đông")
    page.get_by_label("Đơn vị tổ chức").fill("Tổ CNSCĐ Thôn Đông")
    page.get_by_label("5. Kỹ năng tự bảo vệ mình trên không gian mạng").check()
    page.get_by_label("Vũ Thị Hoa").check()
    page.get_by_label("Nguyễn Văn Thành 0").check()
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu buổi tập huấn.")
    expect(coverage).to_contain_text("2/9 (22 %)")
    expect(coverage).not_to_contain_text("Vũ Thị Hoa")
    expect(coverage).to_contain_text("Nguyễn Văn Thành 1")
