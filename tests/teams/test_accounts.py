"""The Accounts page (issue 15): the office manages its commune's log-in accounts, a leader
reads their village's, every action is in the account log, a temporary password must be
changed at the next log-in and is never kept or logged in clear."""

import logging
import re
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teams import accounts
from teams.models import AccountAction, AccountEvent, Role, User
from tests.factories import TEST_PASSWORD, MemberFactory, UserFactory, village_team

pytestmark = pytest.mark.django_db

TEMPORARY = re.compile(r"^[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}$")


def fail_log_ins(username, times, ip="10.1.1.1"):
    client = Client()
    for _ in range(times):
        client.post(
            reverse("login"), {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=ip
        )


def log_in(username, password, ip="10.9.9.9"):
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )
    return client, response


def events_of(account):
    return list(AccountEvent.objects.filter(account=account).values_list("action", flat=True))


# --- The services ---------------------------------------------------------------------------


def test_office_creates_an_account_with_a_temporary_password_and_a_linked_member(world):
    office = world.users["office"]
    member = MemberFactory(team=village_team(world.village_b), full_name="Lê Thị Mai")
    account = User(
        username="totruong02", full_name="Lê Thị Mai", role=Role.LEADER, village=world.village_b
    )
    password = accounts.create_account(account, office, member=member)

    account.refresh_from_db()
    member.refresh_from_db()
    assert TEMPORARY.match(password)
    assert account.check_password(password)
    assert account.must_change_password and account.is_active
    assert account.commune == world.commune
    assert member.user == account
    event = AccountEvent.objects.get(account=account)
    assert (event.action, event.by, event.by_username) == (
        AccountAction.CREATED,
        office,
        "vanphong",
    )
    assert "Thôn Đoài" in event.details and "Lê Thị Mai" in event.details


def test_an_account_of_another_commune_is_refused(world):
    account = User(
        username="x1", full_name="X", role=Role.MEMBER, village=world.other_commune_village
    )
    with pytest.raises(PermissionDenied):
        accounts.create_account(account, world.users["office"])
    assert not User.objects.filter(username="x1").exists()


@pytest.mark.parametrize("by", ["leader", "member", "leadership", "police"])
def test_only_the_office_manages_accounts(world, by):
    target = world.users["member"] if by != "member" else world.users["leader"]
    for write in (
        accounts.set_temporary_password,
        accounts.unlock_account,
        accounts.deactivate_account,
    ):
        with pytest.raises(PermissionDenied):
            write(target, world.users[by])
    assert AccountEvent.objects.count() == 0


def test_the_office_touches_neither_a_superuser_nor_its_own_account(world):
    office = world.users["office"]
    admin = UserFactory(username="admin", role="", commune=world.commune, is_superuser=True)
    for target in (admin, office):
        with pytest.raises(PermissionDenied):
            accounts.set_temporary_password(target, office)
        with pytest.raises(PermissionDenied):
            accounts.unlock_account(target, office)
    assert AccountEvent.objects.count() == 0


def test_a_temporary_password_replaces_the_old_one_ends_sessions_and_clears_the_lock(world):
    member = world.users["member"]
    phone = Client()
    phone.force_login(member)
    fail_log_ins("tovien", 5)

    password = accounts.set_temporary_password(member, world.users["office"])

    member.refresh_from_db()
    assert not member.check_password(TEST_PASSWORD) and member.check_password(password)
    assert member.must_change_password
    assert not AccessAttempt.objects.filter(username="tovien").exists()
    response = phone.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    event = AccountEvent.objects.get(account=member)
    assert event.action == AccountAction.TEMPORARY_PASSWORD
    assert "khóa" in event.details


def test_a_deactivated_account_cannot_log_in_and_its_sessions_end(world):
    member = world.users["member"]
    phone = Client()
    phone.force_login(member)

    accounts.deactivate_account(member, world.users["office"])

    assert phone.get(reverse("home")).status_code == 302
    assert log_in("tovien", TEST_PASSWORD)[1].status_code == 200  # refused: the form again
    accounts.reactivate_account(member, world.users["office"])
    assert log_in("tovien", TEST_PASSWORD)[1].status_code == 302
    assert events_of(member) == [AccountAction.REACTIVATED, AccountAction.DEACTIVATED]


def test_temporary_passwords_are_readable_and_pass_the_password_rules(world):
    passwords = {accounts.temporary_password(world.users["member"]) for _ in range(50)}
    assert len(passwords) == 50
    assert all(TEMPORARY.match(password) for password in passwords)


def test_a_temporary_password_is_never_logged_nor_stored_in_clear(world, client_for, caplog):
    caplog.set_level(logging.DEBUG)
    office = client_for("office")
    body = {"username": "tovien07", "full_name": "Phạm Thu Hà", "role": "member"}
    body["village"] = world.village_a.pk
    created = office.post(reverse("teams:account_create"), body)
    reset = office.post(reverse("teams:account_password", args=[world.users["member"].pk]))

    shown = [
        re.search(r'data-testid="temporary-password">([^<]+)<', r.content.decode()).group(1)
        for r in (created, reset)
    ]
    assert all(TEMPORARY.match(password) for password in shown)
    assert all("no-store" in r["Cache-Control"] for r in (created, reset))
    stored = [
        str(row) for model in (AccountEvent, User, Session) for row in model.objects.values_list()
    ]
    for password in shown:
        assert password not in caplog.text
        assert not any(password in row for row in stored)


# --- Lock-out state -------------------------------------------------------------------------


def test_the_lock_state_follows_axes_one_address_at_a_time(world, settings):
    fail_log_ins("totruong", 5, ip="10.1.1.1")
    fail_log_ins("tovien", 3, ip="10.1.1.1")
    fail_log_ins("tovien", 3, ip="10.2.2.2")
    fail_log_ins("lanhdao", 5)
    AccessAttempt.objects.filter(username="lanhdao").update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )

    state = {
        user.username: (user.is_locked, user.failed_logins)
        for user in User.objects.with_lock_state()
    }
    assert state["totruong"] == (True, 5)
    assert state["tovien"] == (False, 6)  # 3 from each of two addresses: not locked
    assert state["lanhdao"] == (False, 0)  # the cool-off time is over
    assert state["vanphong"] == (False, 0)


def test_the_list_costs_the_same_queries_for_3_and_for_30_accounts(world, client_for):
    office = client_for("office")
    url = reverse("teams:account_list")
    office.get(url)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert office.get(url).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for n in range(25):
        UserFactory(username=f"tovien{n:02d}", role=Role.MEMBER, village=world.village_b)
        fail_log_ins(f"tovien{n:02d}", 5 if n % 2 else 1)
    assert queries() == few


# --- The pages ------------------------------------------------------------------------------


def test_office_sees_role_village_last_log_in_and_state(world, client_for):
    world.users["leader"].last_login = timezone.make_aware(timezone.datetime(2026, 11, 28, 7, 5))
    world.users["leader"].save()
    fail_log_ins("tovien", 5)
    UserFactory(
        username="canbo_khac", role=Role.OFFICE, commune=world.other_commune_village.commune
    )

    html = client_for("office").get(reverse("teams:account_list")).content.decode()

    assert "totruong" in html and "Tổ trưởng Tổ CNSCĐ thôn" in html and "Thôn Đông" in html
    assert "28/11/2026 07:05" in html
    assert "bị khóa" in html
    assert "canbo_khac" not in html
    assert "Thêm tài khoản" in html


def test_leader_reads_their_village_accounts_only_and_changes_nothing(world, client_for):
    UserFactory(username="tovien_doai", role=Role.MEMBER, village=world.village_b)
    fail_log_ins("tovien", 5)
    leader = client_for("leader")

    html = leader.get(reverse("teams:account_list")).content.decode()
    assert "tovien" in html and "tovien_doai" not in html and "vanphong" not in html
    assert "Thêm tài khoản" not in html and "mo-khoa" not in html
    detail = leader.get(reverse("teams:account_detail", args=[world.users["member"].pk]))
    assert "Cấp mật khẩu tạm" not in detail.content.decode()


def test_another_communes_office_gets_404_for_our_accounts(world):
    elsewhere = UserFactory(
        username="canbo_khac", role=Role.OFFICE, commune=world.other_commune_village.commune
    )
    client = Client()
    client.force_login(elsewhere)
    member = world.users["member"]
    for name in ("teams:account_detail", "teams:account_password", "teams:account_unlock"):
        assert client.get(reverse(name, args=[member.pk])).status_code == 404
        assert client.post(reverse(name, args=[member.pk])).status_code == 404
    assert "tovien" not in client.get(reverse("teams:account_list")).content.decode()
    assert AccountEvent.objects.count() == 0


def test_search_ignores_diacritics(world, client_for):
    UserFactory(username="vanphong2", full_name="Nguyễn Thị Hương", commune=world.commune)
    html = client_for("office").get(reverse("teams:account_list"), {"q": "huong"})
    assert "vanphong2" in html.content.decode()
    assert "totruong" not in html.content.decode()


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong_in_vietnamese(world, client_for):
    UserFactory(username="totruong09", commune=world.commune)
    body = {"username": "TổTrưởng", "full_name": "Trần Văn Bình", "role": "leader"}
    html = client_for("office").post(reverse("teams:account_create"), body).content.decode()
    assert "Chỉ dùng chữ không dấu" in html
    assert "Trần Văn Bình" in html
    assert "Tổ trưởng hoặc tổ viên thôn phải thuộc một thôn, xóm" in html
    body = {"username": "TOTRUONG09", "full_name": "X", "role": "member"}
    body["village"] = world.village_a.pk
    html = client_for("office").post(reverse("teams:account_create"), body).content.decode()
    assert "Tên đăng nhập này đã có người dùng" in html


def test_the_form_offers_only_the_communes_villages_and_members_of_the_chosen_team(
    world, client_for
):
    office = client_for("office")
    html = office.get(reverse("teams:account_create")).content.decode()
    assert "Thôn Đông" in html and "Thôn Khác" not in html
    member_b = MemberFactory(team=village_team(world.village_b), full_name="Phạm Thu Hà")
    body = {"username": "tovien08", "full_name": "", "role": "member"}
    body |= {"village": world.village_a.pk, "member": member_b.pk}
    html = office.post(reverse("teams:account_create"), body).content.decode()
    assert "Hãy chọn một tổ viên thuộc Tổ của thôn, xóm đã chọn" in html
    body["village"] = world.village_b.pk
    response = office.post(reverse("teams:account_create"), body)
    assert response.status_code == 200 and "Đã tạo tài khoản" in response.content.decode()
    account = User.objects.get(username="tovien08")
    assert account.full_name == "Phạm Thu Hà" and account.member == member_b


def test_a_village_of_another_commune_is_refused(world, client_for):
    body = {"username": "tovien08", "full_name": "X", "role": "member"}
    body["village"] = world.other_commune_village.pk
    response = client_for("office").post(reverse("teams:account_create"), body)
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not User.objects.filter(username="tovien08").exists()


# --- The change of a temporary password -----------------------------------------------------


def test_a_temporary_password_must_be_changed_before_anything_else(world, client_for):
    password = accounts.set_temporary_password(world.users["member"], world.users["office"])
    client, response = log_in("tovien", password)
    assert response.status_code == 302

    for url in (reverse("home"), reverse("households:visit_list")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "mật khẩu tạm do Phòng Văn hóa - Xã hội cấp" in page

    same = {"old_password": password, "new_password1": password, "new_password2": password}
    page = client.post(reverse("password_change"), same).content.decode()
    assert "Hãy chọn mật khẩu khác với mật khẩu hiện tại" in page

    new = "mot-mat-khau-rieng-2026"
    body = {"old_password": password, "new_password1": new, "new_password2": new}
    assert client.post(reverse("password_change"), body).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    member = User.objects.get(username="tovien")
    assert not member.must_change_password and member.check_password(new)
    assert events_of(member)[0] == AccountAction.PASSWORD_CHANGED


def test_log_out_and_the_privacy_notice_stay_open_while_the_change_is_due(world):
    password = accounts.set_temporary_password(world.users["member"], world.users["office"])
    client, _ = log_in("tovien", password)
    assert client.get(reverse("privacy")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


# --- The command for the superuser ----------------------------------------------------------


def test_unlock_account_command_unlocks_the_superuser_and_logs_it(world):
    admin = UserFactory(username="admin", role="", is_superuser=True, is_staff=True)
    fail_log_ins("admin", 5)
    assert log_in("admin", TEST_PASSWORD, ip="10.1.1.1")[1].status_code == 429

    out = StringIO()
    call_command("unlock_account", "admin", stdout=out)

    assert "admin: unlocked" in out.getvalue()
    assert log_in("admin", TEST_PASSWORD, ip="10.1.1.1")[1].status_code == 302
    event = AccountEvent.objects.get(account=admin)
    assert (event.action, event.by, event.by_username) == (AccountAction.UNLOCKED, None, "")


def test_unlock_account_command_names_an_unknown_user(world):
    with pytest.raises(CommandError, match="khong-co"):
        call_command("unlock_account", "khong-co", stdout=StringIO())


# --- Navigation and the log-in page ---------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [("office", True), ("leader", True), ("member", False), ("leadership", False)],
)
def test_accounts_are_in_the_menu_of_the_office_and_leaders(world, client_for, role, shown):
    html = client_for(role).get(reverse("home")).content.decode()
    assert (f'href="{reverse("teams:account_list")}"' in html) is shown


def test_the_log_in_page_says_how_a_forgotten_password_is_reset(client):
    html = client.get(reverse("login")).content.decode()
    assert "Phòng Văn hóa - Xã hội: cán bộ sẽ cấp cho bạn một mật khẩu tạm" in html


def test_deactivating_twice_logs_once(world):
    office, member = world.users["office"], world.users["member"]
    accounts.deactivate_account(member, office)
    accounts.deactivate_account(member, office)
    assert events_of(member) == [AccountAction.DEACTIVATED]


@pytest.mark.django_db
def test_accounts_made_changed_and_given_a_password_in_the_admin_are_in_the_account_log(world):
    from django.contrib.admin.sites import site
    from django.test import Client, RequestFactory

    admin_user = User.objects.create_superuser("quantri", password="x-Quan-tri-2026")
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:teams_user_add"),
        {
            "username": "tovien2",
            "full_name": "Đỗ Thị Lan",
            "role": Role.MEMBER,
            "village": world.village_a.pk,
            "commune": world.commune.pk,
            "password1": "Mat-khau-tam-2026",
            "password2": "Mat-khau-tam-2026",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    account = User.objects.get(username="tovien2")
    event = AccountEvent.objects.get(account=account)
    assert (event.action, event.by_username) == (AccountAction.CREATED, "quantri")

    request = RequestFactory().post("/")
    request.user = admin_user
    account.is_active = False
    site._registry[User].save_model(request, account, form=None, change=True)
    url = reverse("admin:auth_user_password_change", args=[account.pk])
    client.post(url, {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"})
    assert events_of(account) == [  # the newest first
        AccountAction.TEMPORARY_PASSWORD,
        AccountAction.DEACTIVATED,
        AccountAction.CREATED,
    ]
