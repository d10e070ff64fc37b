"""Reminders before the reports' deadlines (`manage.py send_reminders`): the right people on
the right days, once; the notification list; the office's text for Zalo."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from reports.models import Notification, ReminderSent
from reports.reminders import send_reminders, step_for
from reports.reporting import workflow
from teams.models import Role
from tests.factories import UserFactory, local_time
from tests.reports.test_report_files import Q4

TEAM_DUE = datetime.date(2026, 12, 21)
COMMUNE_DUE = datetime.date(2026, 12, 26)


def day(n: int) -> datetime.date:
    return datetime.date(2026, 12, n)


def test_steps_are_5_2_and_0_days_before_the_deadline():
    steps = {n: step_for(TEAM_DUE, day(n)) for n in range(14, 23)}
    assert steps == {14: None, 15: None, 16: 5, 17: 5, 18: 5, 19: 2, 20: 2, 21: 0, 22: None}


def texts(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


@pytest.mark.django_db
def test_the_leader_is_reminded_5_2_and_0_days_before_the_21st_once_each(world):
    leader, office = world.users["leader"], world.users["office"]
    other_leader = UserFactory(username="totruong2", role=Role.LEADER, village=world.village_b)
    assert send_reminders(day(15)) == 0
    assert send_reminders(day(16)) == 2  # Thôn Đông's and Thôn Đoài's leaders
    [text] = texts(leader)
    assert "Thôn Đông" in text and "Quý IV/2026" in text and "21/12/2026" in text
    assert "còn 5 ngày" in text
    assert texts(other_leader)[0].startswith("Báo cáo Quý IV/2026 của Tổ CNSCĐ Thôn Đoài")
    assert texts(office) == [] and texts(world.users["member"]) == []
    # a rerun, and the next days of the same step, send nothing new
    assert send_reminders(day(16)) == 0
    assert send_reminders(day(17)) == 0
    assert len(texts(leader)) == 1
    assert send_reminders(day(19)) == 2
    assert send_reminders(day(20)) == 0
    assert send_reminders(day(21)) == 3  # and the commune report's first, to the office
    assert "hạn nộp là hôm nay" in texts(leader)[0]
    assert len(texts(leader)) == 3
    assert send_reminders(day(22)) == 0


@pytest.mark.django_db
def test_a_submitted_report_is_not_reminded(world):
    report = workflow.report_for(world.commune, Q4, world.village_a)
    workflow.submit(report, world.users["leader"], at=local_time(2026, 12, 15))
    send_reminders(day(16))
    assert texts(world.users["leader"]) == []


@pytest.mark.django_db
def test_the_office_is_reminded_of_the_commune_report_before_the_26th(world):
    office = world.users["office"]
    send_reminders(day(21))
    assert any("Báo cáo của xã Quý IV/2026" in t and "26/12/2026" in t for t in texts(office))
    assert texts(world.users["leadership"]) == []
    workflow.send(workflow.report_for(world.commune, Q4), office, at=local_time(2026, 12, 23))
    before = len(texts(office))
    send_reminders(day(24))
    assert len(texts(office)) == before


@pytest.mark.django_db
def test_a_returned_report_is_reminded_once_to_its_leader(world):
    report = workflow.report_for(world.commune, Q4, world.village_a)
    report = workflow.submit(report, world.users["leader"], at=local_time(2026, 12, 1))
    workflow.return_report(report, world.users["office"], "K5 chưa khớp.")
    send_reminders(day(2))
    send_reminders(day(3))
    [text] = texts(world.users["leader"])
    assert "bị Văn phòng xã trả lại" in text or "trả lại" in text
    assert ReminderSent.objects.filter(key__startswith="returned:").count() == 1


@pytest.mark.django_db
def test_reminders_go_by_email_only_where_set_up_and_the_user_has_an_address(world, settings):
    leader = world.users["leader"]
    leader.email = "totruong@example.vn"
    leader.save()
    settings.EMAIL_HOST = ""
    send_reminders(day(16))
    assert mail.outbox == []  # no EMAIL_HOST: the notifications alone
    settings.EMAIL_HOST = "smtp.example.vn"
    settings.PORTAL_URL = "https://cnscd.example.vn"
    send_reminders(day(19))
    [message] = mail.outbox
    assert message.to == ["totruong@example.vn"]
    assert "Thôn Đông" in message.body and "https://cnscd.example.vn/bao-cao/2026Q4/thon/" in (
        message.body
    )


@pytest.mark.django_db
def test_the_command_runs_as_a_day(world):
    call_command("send_reminders", "--date", "2026-12-16")
    assert len(texts(world.users["leader"])) == 1


@pytest.mark.django_db
def test_the_unread_count_is_on_every_page_until_the_list_is_opened(world, client_for):
    send_reminders(day(16))
    client = client_for("leader")
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">1<' in home
    listing = client.get(reverse("reports:notifications")).content.decode()
    assert "Thôn Đông" in listing
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_the_office_copies_a_ready_zalo_message(world, client_for, today_is):
    today_is(day(18))
    workflow.submit(
        workflow.report_for(world.commune, Q4, world.village_b),
        world.users["office"],
        at=local_time(2026, 12, 17),
    )
    page = client_for("office").get(reverse("reports:reminder_message") + "?quy=2026Q4")
    html = page.content.decode()
    assert "Hạn nộp: 21/12/2026 (còn 3 ngày)" in html
    assert "- Thôn Đông" in html and "- Thôn Đoài" not in html
    assert 'data-copy="reminder-text"' in html and "js/copy-text.js" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert client_for("leader").get(reverse("reports:reminder_message")).status_code == 403


@pytest.mark.django_db
def test_a_village_without_a_leader_account_is_reminded_to_the_office_once_per_step(world):
    """Thôn Đoài's team has no leader with an account: the office is told, naming the village,
    so that someone passes it on; Thôn Đông's leader is reminded as usual."""
    office, leader = world.users["office"], world.users["leader"]
    assert send_reminders(day(16)) == 2
    [text] = texts(office)
    assert text.startswith("Thôn Đoài chưa có tài khoản tổ trưởng")
    assert "Báo cáo Quý IV/2026 của Tổ CNSCĐ Thôn Đoài" in text and "21/12/2026" in text
    assert Notification.objects.get(user=office).url == reverse(
        "reports:team_report", args=[Q4, world.village_b.pk]
    )
    assert len(texts(leader)) == 1 and "Thôn Đoài" not in texts(leader)[0]
    assert send_reminders(day(16)) == 0 and send_reminders(day(18)) == 0
    assert len(texts(office)) == 1
    assert send_reminders(day(19)) == 2
    assert len(texts(office)) == 2
    # once the village has a leader's account, the leader is reminded, not the office
    new_leader = UserFactory(username="totruong2", role=Role.LEADER, village=world.village_b)
    send_reminders(day(21))
    assert any("Thôn Đoài" in t for t in texts(new_leader))
    assert sum(t.startswith("Thôn Đoài chưa có") for t in texts(office)) == 2
