"""Exports above EXPORT_INLINE_MAX_ROWS go to a background job (issue 17): the export's URL
queues it and sends the user to a progress page, `manage.py run_jobs` writes the file with the
inline export's own code, and only the user who asked downloads it, each download logged.
Also the support visit export, streamed like the registry's."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from binhdan import jobs
from binhdan.models import DataAccessLog, ExportJob
from households import services
from households.models import SupportMethod, SupportVisit
from teams.models import Role
from tests.factories import HouseholdFactory, UserFactory, member_of, support_types_of

VISIT_HEADERS = [
    "Ngày",
    "Tổ",
    "Tổ viên",
    "Mã hộ",
    "Hộ dân hoặc người dân",
    "Nội dung hỗ trợ",
    "Hình thức hỗ trợ",
    "Số người được hỗ trợ",
    "Ghi chú",
]


def sheet_rows(body: bytes) -> list[tuple]:
    """The header and rows of a downloaded export (below its title row)."""
    sheet = load_workbook(io.BytesIO(body)).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


def visit(village, *, household=None, kinds=(), method=SupportMethod.DOOR_TO_DOOR, **fields):
    member = member_of(village)
    logged = SupportVisit(
        member=member,
        team=member.team,
        date=fields.pop("date", datetime.date(2026, 3, 10)),
        household=household,
        walk_in_name="" if household else "Người dân vãng lai",
        method=method,
        **fields,
    )
    return services.save_visit(
        logged, None, support_types=list(support_types_of(village.commune, *kinds))
    )


@pytest.fixture
def visits(world):
    tuan = HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn Tuấn")
    visit(
        world.village_a,
        household=tuan,
        kinds=("vneid-kich-hoat", "dich-vu-cong"),
        people_helped=3,
        date=datetime.date(2026, 3, 12),
    )
    visit(world.village_a, kinds=("khac",), method=SupportMethod.COMMUNITY_POINT)
    visit(
        world.village_b,
        household=HouseholdFactory(village=world.village_b, head_name="Đỗ Thị Hồng"),
        kinds=("thanh-toan",),
    )
    return tuan


def test_the_visit_export_streams_the_lists_visits_with_their_kinds_of_support(
    world, client_for, visits
):
    response = client_for("office").get(reverse("households:visit_export"))
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="luot-ho-tro-')
    header, *rows = sheet_rows(response.getvalue())
    assert list(header) == VISIT_HEADERS
    assert len(rows) == 3
    newest = rows[0]  # newest first, as listed
    assert newest[0] == datetime.datetime(2026, 3, 12)
    assert newest[3:6] == (
        visits.code,
        "Nguyễn Văn Tuấn",
        "Cài đặt, kích hoạt VNeID; Dịch vụ công trực tuyến",
    )
    assert newest[7] == 3
    walk_in = next(row for row in rows if row[3] is None)
    assert walk_in[4] == "Người dân vãng lai" and walk_in[5] == "Nội dung khác"
    entry = DataAccessLog.objects.get()
    assert (entry.what, entry.rows) == ("Lượt hỗ trợ (Excel)", 3)


def test_a_village_leader_exports_their_villages_visits_only_and_the_lists_filters(
    world, client_for, visits
):
    client = client_for("leader")
    _header, *rows = sheet_rows(client.get(reverse("households:visit_export")).getvalue())
    assert sorted(row[4] for row in rows) == ["Nguyễn Văn Tuấn", "Người dân vãng lai"]
    response = client.get(
        reverse("households:visit_export"), {"method": SupportMethod.COMMUNITY_POINT}
    )
    _header, *rows = sheet_rows(response.getvalue())
    assert [row[4] for row in rows] == ["Người dân vãng lai"]
    listed = client.get(reverse("households:visit_list")).content.decode()
    assert reverse("households:visit_export") in listed  # the list's button


def test_above_the_bound_the_export_is_a_job_whose_file_is_the_inline_one(
    world, client_for, visits, settings
):
    client = client_for("office")
    url = reverse("households:household_export")
    inline = client.get(url).getvalue()
    settings.EXPORT_INLINE_MAX_ROWS = 1
    response = client.get(url)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("export_job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Đang chờ" in page and 'http-equiv="refresh"' in page and "Đã ghi 0/2 dòng" in page

    call_command("run_jobs", "--once", stdout=io.StringIO())

    page = client.get(response.url).content.decode()
    assert "Đã xong" in page and "Đã ghi 2/2 dòng" in page and "bar-100" in page
    assert 'http-equiv="refresh"' not in page
    download = reverse("export_job_file", args=[job.pk])
    assert f'href="{download}"' in page
    file = client.get(download)
    assert file["Content-Disposition"].startswith('attachment; filename="ho-dan-')
    assert sheet_rows(file.getvalue()) == sheet_rows(inline)
    logged = DataAccessLog.objects.order_by("pk").last()
    assert (logged.what, logged.rows, logged.user) == (
        "Danh sách hộ dân (Excel)",
        2,
        world.users["office"],
    )
    assert jobs.job_path(job).stat().st_mode & 0o077 == 0  # readable by the portal only


def test_a_jobs_file_is_the_requesters_only_while_they_may_export(
    world, client_for, visits, settings
):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    leader = client_for("leader")
    assert leader.get(reverse("households:visit_export")).status_code == 302
    call_command("run_jobs", "--once", stdout=io.StringIO())
    job = ExportJob.objects.get()
    page, download = reverse("export_job", args=[job.pk]), reverse("export_job_file", args=[job.pk])
    # The job ran as the leader: their village's two visits, not the commune's three.
    assert job.rows_total == 2
    assert len(sheet_rows(leader.get(download).getvalue())) == 1 + 2
    colleague = UserFactory(role=Role.OFFICE, commune=world.commune)
    for role in ("office", "leadership"):
        assert client_for(role).get(download).status_code == 404
    other = client_for("anonymous")
    other.force_login(colleague)
    assert other.get(page).status_code == 404 and other.get(download).status_code == 404
    world.users["leader"].role = Role.MEMBER  # no longer allowed to export residents' data
    world.users["leader"].save()
    assert leader.get(download).status_code == 403


def test_a_failing_job_says_why_in_vietnamese_and_logs_no_row_values(
    world, client_for, visits, settings, monkeypatch, caplog
):
    settings.EXPORT_INLINE_MAX_ROWS = 0

    def broken(rows):
        raise ValueError("Nguyễn Văn Tuấn 0912345678")

    monkeypatch.setattr("households.exports._with_support_types", broken)
    client = client_for("office")
    page = client.get(reverse("households:visit_export")).url
    with caplog.at_level(logging.INFO):
        call_command("run_jobs", "--once", stdout=io.StringIO())
    html = client.get(page).content.decode()
    assert "Không thành công" in html
    assert "Không tạo được tệp. Hãy xuất lại" in html
    job = ExportJob.objects.get()
    assert client.get(reverse("export_job_file", args=[job.pk])).status_code == 404
    assert "ValueError" in caplog.text and "Nguyễn" not in caplog.text
    assert not list(jobs.job_path(job).parent.glob(f"{job.pk}*"))


def test_the_same_export_asked_twice_waits_for_one_job(world, client_for, visits, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    client = client_for("office")
    first = client.get(reverse("households:visit_export"), {"q": "tuan", "page": "2"})
    again = client.get(reverse("households:visit_export"), {"q": "tuan"})
    assert first.url == again.url and ExportJob.objects.count() == 1
    assert ExportJob.objects.get().parameters == {"q": ["tuan"]}


def test_the_worker_fails_dead_workers_jobs_and_deletes_expired_files(
    world, client_for, visits, settings
):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    client = client_for("office")
    client.get(reverse("households:household_export"))
    call_command("run_jobs", "--once", stdout=io.StringIO())
    done = ExportJob.objects.get()
    assert jobs.job_path(done).is_file()
    client.get(reverse("households:visit_export"))
    running = jobs.claim_next()
    now = timezone.now()
    ExportJob.objects.filter(pk=running.pk).update(updated_at=now - datetime.timedelta(hours=1))
    assert jobs.fail_stale() == 1
    running.refresh_from_db()
    assert running.failure == ExportJob.Failure.INTERRUPTED
    assert "Việc tạo tệp bị gián đoạn" in client.get(running.get_absolute_url()).content.decode()
    later = now + datetime.timedelta(days=settings.EXPORT_KEEP_DAYS, minutes=1)
    assert jobs.purge_expired(later) == 2
    assert not jobs.job_path(done).exists() and not ExportJob.objects.exists()


def test_a_worker_stopped_while_writing_puts_the_job_back_in_the_queue(
    world, client_for, visits, settings, monkeypatch
):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    client_for("office").get(reverse("households:visit_export"))

    def stopped(rows):
        raise KeyboardInterrupt  # what SIGTERM becomes in run_jobs

    monkeypatch.setattr("households.exports._with_support_types", stopped)
    with pytest.raises(KeyboardInterrupt):
        jobs.run_next()
    job = ExportJob.objects.get()
    assert (job.status, job.rows_done) == (ExportJob.Status.QUEUED, 0)
    monkeypatch.undo()
    assert jobs.run_next().status == ExportJob.Status.DONE


def test_a_job_writes_its_file_in_the_requesters_language(world, client_for, visits, settings):
    client = client_for("office")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    inline = sheet_rows(client.get(reverse("households:visit_export")).getvalue())
    settings.EXPORT_INLINE_MAX_ROWS = 0
    client.get(reverse("households:visit_export"))
    call_command("run_jobs", "--once", stdout=io.StringIO())
    job = ExportJob.objects.get()
    written = sheet_rows(client.get(reverse("export_job_file", args=[job.pk])).getvalue())
    assert written[0][0] == "Date" and written == inline
