"""The foundation's pages as a user sees them: Vietnamese first, English on request."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_speaks_vietnamese_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in html
    assert '<html lang="vi">' in html


def test_browser_set_to_english_still_gets_vietnamese(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in html


def test_login_with_wrong_password_keeps_the_username_and_says_why(world, client):
    response = client.post(reverse("login"), {"username": "totruong", "password": "sai"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="totruong"' in html
    assert "tên đăng nhập và mật khẩu" in html.lower()


def test_leader_logs_in_and_sees_only_their_village(world, client):
    response = client.post(
        reverse("login"), {"username": "totruong", "password": TEST_PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert "Xin chào" in html
    assert "Thôn Đông" in html
    assert "Thôn Đoài" not in html


def test_navigation_shows_only_what_the_role_may_use(world, client_for):
    office = client_for("office").get(reverse("home")).content.decode()
    police = client_for("police").get(reverse("home")).content.decode()
    village_list = reverse("teams:village_list")
    assert f'href="{village_list}"' in office
    assert f'href="{village_list}"' not in police


def test_english_is_available_through_the_language_switcher(world, client_for):
    client = client_for("office")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert "Hello," in html and '<html lang="en">' in html


def test_village_search_ignores_diacritics(world, client_for):
    html = client_for("office").get(reverse("teams:village_list"), {"q": "thon doai"}).content
    html = html.decode()
    assert "Thôn Đoài" in html and "Thôn Đông" not in html


def test_office_adds_a_village_and_bad_code_keeps_what_was_typed(world, client_for):
    client = client_for("office")
    response = client.post(reverse("teams:village_create"), {"code": "x", "name": "Xóm Bãi"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Xóm Bãi"' in html
    assert "chữ in hoa" in html
    response = client.post(reverse("teams:village_create"), {"code": "lm09", "name": "Xóm Bãi"})
    assert response.status_code == 302
    assert world.commune.villages.get(code="LM09").name == "Xóm Bãi"


def test_unknown_page_is_a_friendly_404_in_vietnamese(world, client_for):
    response = client_for("leader").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_dates_are_written_day_month_year():
    from datetime import date

    from django.utils import formats, translation

    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(date(2026, 3, 5), "SHORT_DATE_FORMAT") == "05/03/2026"


def test_village_search_finds_a_village_by_its_code(world, client_for):
    html = client_for("office").get(reverse("teams:village_list"), {"q": "lm02"}).content
    html = html.decode()
    assert "Thôn Đoài" in html and "Thôn Đông" not in html
