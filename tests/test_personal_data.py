"""Personal data: the privacy notice and the access log of exports and downloads."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from binhdan.audit import record_data_access
from binhdan.models import DataAccessLog
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def export_request(user, ip="203.113.1.9"):
    request = RequestFactory().get("/ho-dan/xuat/", REMOTE_ADDR=ip)
    request.user = user
    return request


def test_privacy_notice_is_public_and_explains_rights_in_vietnamese(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "Thông báo về xử lý dữ liệu cá nhân" in html
    assert "Nghị định 13/2023/NĐ-CP" in html
    assert "Luật Bảo vệ dữ liệu cá nhân" in html
    assert "không thu thập số căn cước công dân" in html


def test_privacy_notice_is_linked_from_the_log_in_page_and_every_page(world, client, client_for):
    privacy = f'href="{reverse("privacy")}"'
    assert privacy in client.get(reverse("login")).content.decode()
    assert privacy in client_for("member").get(reverse("home")).content.decode()


def test_an_export_is_logged_with_who_what_where_and_how_many(world):
    leader = world.users["leader"]
    entry = record_data_access(
        export_request(leader), "Danh sách hộ dân (Excel)", village=world.village_a, rows=42
    )
    entry.refresh_from_db()
    assert (entry.user, entry.username, entry.commune, entry.village) == (
        leader,
        "totruong",
        world.commune,
        world.village_a,
    )
    assert (entry.what, entry.rows, entry.ip_address) == (
        "Danh sách hộ dân (Excel)",
        42,
        "203.113.1.9",
    )
    assert timezone.now() - entry.at < datetime.timedelta(minutes=1)


def test_a_commune_wide_export_belongs_to_the_users_commune(world):
    entry = record_data_access(export_request(world.users["leadership"]), "Báo cáo quý")
    assert entry.commune == world.commune and entry.village is None and entry.rows is None


def test_behind_the_proxy_the_address_is_the_one_nginx_saw(world, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    request = export_request(world.users["office"], ip="127.0.0.1")
    request.META["HTTP_X_FORWARDED_FOR"] = "6.6.6.6, 113.160.5.5"
    assert record_data_access(request, "Hộ dân").ip_address == "113.160.5.5"


def test_the_log_never_holds_the_personal_data_itself(world):
    household = HouseholdFactory(
        village=world.village_a, head_name="Nguyễn Văn Bình", phone="0912345678"
    )
    record_data_access(
        export_request(world.users["leader"]), "Hộ dân (Excel)", village=world.village_a, rows=1
    )
    stored = " ".join(str(value) for value in DataAccessLog.objects.values_list().get())
    assert household.head_name not in stored and household.phone not in stored


def test_office_reads_the_log_of_its_commune_only(world, client_for):
    record_data_access(
        export_request(world.users["leader"]), "Hộ dân Thôn Đông", village=world.village_a, rows=12
    )
    other = DataAccessLog.objects.create(
        username="nguoi_xa_khac", commune=world.other_commune_village.commune, what="Hộ dân xã khác"
    )
    html = client_for("office").get(reverse("access_log")).content.decode()
    assert "Hộ dân Thôn Đông" in html and "12" in html and "Thôn Đông" in html
    assert other.what not in html


def test_office_filters_the_log_by_user_and_date(world, client_for):
    record_data_access(export_request(world.users["leader"]), "Xuất của tổ trưởng")
    old = record_data_access(export_request(world.users["leadership"]), "Xuất của lãnh đạo")
    old.at = timezone.now() - datetime.timedelta(days=40)
    old.save()
    client = client_for("office")
    by_user = client.get(reverse("access_log"), {"user": world.users["leader"].pk}).content.decode()
    assert "Xuất của tổ trưởng" in by_user and "Xuất của lãnh đạo" not in by_user
    since = (timezone.localdate() - datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    recent = client.get(reverse("access_log"), {"date_from": since}).content.decode()
    assert "Xuất của tổ trưởng" in recent and "Xuất của lãnh đạo" not in recent


def test_an_old_link_with_a_yyyy_mm_dd_date_still_filters_and_shows_it_dd_mm_yyyy(
    world, client_for
):
    record_data_access(export_request(world.users["leader"]), "Xuất của tổ trưởng")
    old = record_data_access(export_request(world.users["leadership"]), "Xuất của lãnh đạo")
    old.at = timezone.now() - datetime.timedelta(days=40)
    old.save()
    since = timezone.localdate() - datetime.timedelta(days=7)
    html = client_for("office").get(reverse("access_log"), {"date_from": since.isoformat()})
    html = html.content.decode()
    assert "Xuất của tổ trưởng" in html and "Xuất của lãnh đạo" not in html
    assert f'value="{since.strftime("%d/%m/%Y")}"' in html


def test_the_log_is_paginated_with_a_constant_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    request = export_request(world.users["leader"])
    for number in range(55):
        record_data_access(request, f"Tệp số {number}", village=world.village_a)
    client = client_for("office")
    with django_assert_max_num_queries(12):
        first = client.get(reverse("access_log")).content.decode()
    assert "Tệp số 54" in first and "Tệp số 0<" not in first and "Trang 1/2" in first
    second = client.get(reverse("access_log"), {"page": 2}).content.decode()
    assert "Tệp số 0<" in second


def test_household_registry_export_is_logged_without_the_data(world, client_for):
    HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn Tuấn")
    HouseholdFactory(village=world.village_b)
    response = client_for("leader").get(reverse("households:household_export"))
    assert response.status_code == 200
    entry = DataAccessLog.objects.get()
    assert entry.user == world.users["leader"]
    assert entry.rows == 1 and entry.what == "Danh sách hộ dân (Excel)"
    assert "Tuấn" not in entry.what


def test_team_roster_export_is_logged(world, client_for):
    from tests.factories import member_of

    member_of(world.village_a)
    response = client_for("office").get(reverse("teams:member_export"))
    assert response.status_code == 200
    entry = DataAccessLog.objects.get()
    assert entry.user == world.users["office"] and entry.rows == 1
    assert entry.what == "Danh sách tổ viên (Excel)"


def test_purge_deletes_log_entries_older_than_the_kept_days_only(world, settings):
    settings.ACCESS_LOG_KEEP_DAYS = 30
    recent = record_data_access(export_request(world.users["leader"]), "Xuất tháng này")
    old = record_data_access(export_request(world.users["leader"]), "Xuất năm ngoái")
    old.at = timezone.now() - datetime.timedelta(days=31)
    old.save()
    out = io.StringIO()

    call_command("purge_access_log", stdout=out)

    assert list(DataAccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "deleted 1" in out.getvalue()
    call_command("purge_access_log", "--days", "1", stdout=out)
    assert DataAccessLog.objects.filter(pk=recent.pk).exists()  # today's entry is kept


def test_the_nightly_purge_also_deletes_import_previews_past_their_time(world):
    from binhdan.models import ImportPreview

    def preview(hours):
        return ImportPreview.objects.create(
            user=world.users["leader"],
            kind="households",
            target_id=world.village_a.pk,
            filename="ho-dan.xlsx",
            payload={"rows": [{"head_name": "Nguyễn Văn An"}]},
            expires_at=timezone.now() + datetime.timedelta(hours=hours),
        )

    live, expired = preview(2), preview(-1)
    call_command("purge_access_log", stdout=io.StringIO())
    assert list(ImportPreview.objects.values_list("pk", flat=True)) == [live.pk]
    assert not ImportPreview.objects.filter(pk=expired.pk).exists()
