"""Two people saving the same thing at the same moment (issue 14, finding 2): the second gets
their form back with a Vietnamese explanation or their change applied, never a 500.

The PostgreSQL tests make the collision certain rather than likely: another connection holds
an uncommitted row while the request runs, so the form's own check finds nothing and the
request's write waits on the unique index until the other commits.
"""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from binhdan.forms import save_or_explain
from binhdan.middleware import UniqueConflictMiddleware
from binhdan.quarters import Quarter
from households.forms_catalogues import PlatformForm
from households.models import Household, Platform
from households.services import save_platform
from reports.models import QuarterlyReport
from teams import services as team_services
from teams.models import Member, Village
from tests.factories import MemberFactory, TeamFactory, VillageFactory

ZALO = {"code": "zalo-pay", "name": "ZaloPay", "sort_order": 30, "is_active": "on"}


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs two connections writing at once: run with DATABASE_URL=postgres://…")


class HeldOpen(threading.Thread):
    """Runs `write` in a transaction on its own connection and commits it `hold` seconds
    after `started` is set: the main thread meanwhile does the same write."""

    def __init__(self, write, hold=1.0):
        super().__init__()
        self.write, self.hold = write, hold
        self.started, self.error = threading.Event(), None

    def run(self):
        try:
            with transaction.atomic():
                self.write()
                self.started.set()
                time.sleep(self.hold)
        except Exception as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            self.started.set()
            connection.close()


def _during(write, action):
    other = HeldOpen(write)
    other.start()
    other.started.wait()
    try:
        return action()
    finally:
        other.join()
        assert other.error is None, other.error


def test_an_entry_saved_between_the_forms_check_and_the_write_is_a_form_error(world):
    form = PlatformForm(ZALO, commune=world.commune)
    assert form.is_valid()  # the code is free when the form looks
    Platform.objects.create(commune=world.commune, code="zalo-pay", name="Zalo Pay")
    saved = save_or_explain(form, lambda: save_platform(form.save(commit=False), None))
    assert saved is None
    assert form.errors["code"] == ["Một nền tảng số có mã này vừa được lưu trước đó."]
    assert Platform.objects.of(world.commune).filter(code="zalo-pay").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_platform_created_twice_at_once_answers_a_form_error(world, client_for):
    postgresql_only()
    office = client_for("office")
    response = _during(
        lambda: Platform.objects.create(commune=world.commune, code="zalo-pay", name="Zalo"),
        lambda: office.post(reverse("households:platform_create"), ZALO),
    )
    assert response.status_code == 200
    assert "vừa được lưu" in response.context["form"].errors["code"][0]
    assert response.context["form"]["name"].value() == "ZaloPay"  # what was typed is kept


@pytest.mark.django_db(transaction=True)
def test_the_same_role_created_twice_at_once_answers_a_form_error(world, client_for):
    postgresql_only()
    office = client_for("office")
    data = {"name": "Chi hội trưởng Phụ nữ", "sort_order": 80, "is_active": "on"}
    response = _during(
        lambda: team_services.save_member_role(
            world.commune.member_roles.model(
                commune=world.commune, code="chi-hoi-truong-phu-nu", name="Chi hội trưởng Phụ nữ"
            ),
            None,
        ),
        lambda: office.post(reverse("teams:role_create"), data),
    )
    assert response.status_code == 200 and response.context["form"].errors["name"]


@pytest.mark.django_db(transaction=True)
def test_the_same_village_created_twice_at_once_answers_a_form_error(world, client_for):
    postgresql_only()
    office = client_for("office")
    response = _during(
        lambda: Village.objects.create(commune=world.commune, code="LM09", name="Thôn Mới"),
        lambda: office.post(
            reverse("teams:village_create"), {"code": "LM09", "name": "Thôn Mới", "is_active": "on"}
        ),
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Village.objects.filter(code="LM09").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_households_typed_at_once_are_both_answered(world, client_for):
    """Households have no unique key (namesakes at one address are common): the same
    household sent twice at once is saved or shown as a look-alike, never a 500."""
    postgresql_only()
    data = {
        "village": world.village_a.pk,
        "head_name": "Nguyễn Thị Hường",
        "address": "Xóm 3, Thôn Đông",
        "phone": "0912345678",
        "people_count": "4",
    }
    answers = []

    def send():
        try:
            answers.append(client_for("office").post(reverse("households:household_create"), data))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) in ([200, 302], [302, 302])
    assert 1 <= Household.objects.filter(head_name="Nguyễn Thị Hường").count() <= 2


@pytest.mark.django_db(transaction=True)
def test_two_leaders_named_at_once_leave_one_leader(world):
    postgresql_only()
    team = TeamFactory(village=world.village_a)
    first, second = MemberFactory(team=team), MemberFactory(team=team)
    _during(
        lambda: team_services.make_leader(Member.objects.get(pk=first.pk), None),
        lambda: team_services.make_leader(Member.objects.get(pk=second.pk), None),
    )
    leaders = Member.objects.filter(team=team, is_leader=True, left_on__isnull=True)
    assert list(leaders) == [second]  # the one named last


@pytest.mark.django_db(transaction=True)
def test_a_report_begun_twice_at_once_keeps_one_report_with_the_text(world, client_for):
    postgresql_only()
    TeamFactory(village=world.village_a)
    quarter = Quarter.containing(timezone.localdate())
    url = reverse("reports:team_report", args=[quarter, world.village_a.pk])
    leader = client_for("leader")
    response = _during(
        lambda: QuarterlyReport.objects.create(
            kind="village",
            commune=world.commune,
            village=world.village_a,
            year=quarter.year,
            quarter=quarter.number,
        ),
        lambda: leader.post(url, {"results": "Tổ đã hỗ trợ 40 hộ cài VNeID.", "save": "1"}),
    )
    assert response.status_code == 302
    report = QuarterlyReport.objects.get(village=world.village_a)
    assert report.results == "Tổ đã hỗ trợ 40 hộ cài VNeID."


def test_a_unique_conflict_no_form_expected_is_a_409_page_not_a_500(world, caplog):
    VillageFactory(commune=world.commune, code="LM10", name="Thôn Tân Lập")
    try:
        with transaction.atomic():
            Village.objects.create(commune=world.commune, code="LM10", name="Thôn Tân Lập")
    except IntegrityError as error:
        conflict = error
    request = RequestFactory().post("/thon/them/")
    request.user = world.users["office"]
    response = UniqueConflictMiddleware(lambda r: None).process_exception(request, conflict)
    assert response.status_code == 409
    assert "vừa được lưu" in response.content.decode()
    assert "Tân Lập" not in caplog.text  # one line, without the row's values
    other = UniqueConflictMiddleware(lambda r: None).process_exception(request, ValueError())
    assert other is None
