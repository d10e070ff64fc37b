"""Log-in protection: lock-out after repeated failures, unlock by the office, sessions."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teams.models import Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "mot-mat-khau-moi-2026"


def log_in(client, username, password, ip="10.1.1.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail(client, username, times, ip="10.1.1.1"):
    return [log_in(client, username, "sai-mat-khau", ip).status_code for _ in range(times)]


def test_fifth_wrong_password_locks_the_account_with_a_vietnamese_message(world, client):
    assert fail(client, "totruong", 4) == [200] * 4
    response = log_in(client, "totruong", "sai-mat-khau")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in html
    assert "30 phút" in html


def test_locked_account_cannot_log_in_even_with_the_right_password(world, client):
    fail(client, "totruong", 5)
    response = log_in(client, "totruong", TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_out_is_per_user_name_and_address(world, client):
    fail(client, "totruong", 5, ip="10.1.1.1")
    # The same person from another address, and another user from the same address, may log in.
    assert log_in(Client(), "totruong", TEST_PASSWORD, ip="10.2.2.2").status_code == 302
    assert log_in(Client(), "tovien", TEST_PASSWORD, ip="10.1.1.1").status_code == 302


def test_lock_out_ends_after_the_cool_off_time(world, client):
    fail(client, "totruong", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, "totruong", TEST_PASSWORD).status_code == 302


def test_office_sees_the_locked_account_and_unlocks_it(world, client, client_for):
    fail(client, "totruong", 5)
    office = client_for("office")
    html = office.get(reverse("teams:account_list"), {"status": "locked"}).content.decode()
    assert "totruong" in html and "bị khóa" in html
    leader = world.users["leader"]
    confirm = office.get(reverse("teams:account_unlock", args=[leader.pk])).content.decode()
    assert "Mở khóa" in confirm
    response = office.post(reverse("teams:account_unlock", args=[leader.pk]), follow=True)
    assert "đã được mở khóa" in response.content.decode()
    assert log_in(client, "totruong", TEST_PASSWORD).status_code == 302


def test_office_does_not_see_locked_accounts_of_another_commune(world, client, client_for):
    UserFactory(username="canbo_khac", village=world.other_commune_village, role=Role.LEADER)
    fail(client, "canbo_khac", 5)
    html = client_for("office").get(reverse("teams:account_list"), {"status": "all"})
    assert "canbo_khac" not in html.content.decode()
    html = client_for("office").get(reverse("teams:account_list"), {"status": "locked"})
    assert "Không có tài khoản nào phù hợp bộ lọc" in html.content.decode()


def test_a_successful_log_in_clears_earlier_failures(world, client):
    fail(client, "totruong", 4)
    assert log_in(client, "totruong", TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="totruong").exists()


def test_each_request_extends_the_session(world, client_for, settings):
    client = client_for("leader")
    client.get(reverse("home"))
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert abs(remaining.total_seconds() - settings.SESSION_COOKIE_AGE) < 60


def test_the_session_is_written_at_most_once_a_minute(world, client_for, settings):
    """A request moves the session's end, but within SESSION_REFRESH_SECONDS of the last
    write it writes nothing; after that the next request writes it with a new end."""
    client = client_for("leader")
    client.get(reverse("home"))
    Session.objects.update(expire_date=timezone.now() + timedelta(hours=1))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [
        q
        for q in queries.captured_queries
        if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")
    ]
    assert Session.objects.get().expire_date < timezone.now() + timedelta(hours=2)
    settings.SESSION_REFRESH_SECONDS = 0
    assert client.get(reverse("home")).status_code == 200
    remaining = Session.objects.get().expire_date - timezone.now()
    assert abs(remaining.total_seconds() - settings.SESSION_COOKIE_AGE) < 60


def test_a_visitor_not_logged_in_gets_no_session(world, client):
    assert client.get(reverse("login")).status_code == 200
    assert not Session.objects.exists()


def test_the_cookie_of_an_ended_session_makes_no_new_session(world, client_for):
    client = client_for("leader")
    Session.objects.all().delete()  # ended: purged by clearsessions
    # A page that reads neither the session nor the user (the health check), then one that does.
    assert client.get(reverse("healthz")).status_code == 200
    assert not Session.objects.exists()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200
    assert not Session.objects.exists()


def test_an_inactive_session_expires_and_asks_to_log_in_again(world, client_for):
    client = client_for("leader")
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_changing_the_password_logs_out_the_other_sessions(world):
    phone, computer = Client(), Client()
    for client in (phone, computer):
        assert log_in(client, "totruong", TEST_PASSWORD).status_code == 302
    response = computer.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    # The device that changed the password stays logged in; the other one must log in again.
    assert computer.get(reverse("home")).status_code == 200
    stale = phone.get(reverse("home"))
    assert stale.status_code == 302 and stale.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("abc12345", "quá ngắn"),
        ("1234567890123", "toàn là số"),
        ("password1234", "quá phổ biến"),
    ],
)
def test_weak_passwords_are_refused(world, client_for, password, reason):
    response = client_for("leader").post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
