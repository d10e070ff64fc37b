"""Allowances in the database: attendance on the activity-day form, the month's schedule page,
its lock and drift, and the payment list in Excel and PDF read back."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from binhdan.models import DataAccessLog
from teams.models import ActivityDay, AllowanceLock, AllowanceRule
from teams.queries import allowance_schedule
from teams.services import AllowanceRefused, lock_allowance_month
from tests.factories import ActivityDayFactory, MemberFactory, village_team

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def november(world, today_is):
    """Village A's team in November 2026 under a Bình Dương-like rule (60,000 đ per person
    per month, 150,000 đ per day attended): Hùng attended two days, Lan one; Hà left the
    team before November."""
    today_is(TODAY)
    team = village_team(world.village_a)
    hung = MemberFactory(team=team, full_name="Nguyễn Văn Hùng", is_leader=True)
    lan = MemberFactory(team=team, full_name="Trần Thị Lan")
    ha = MemberFactory(
        team=team,
        full_name="Phạm Thu Hà",
        joined_on=datetime.date(2025, 1, 1),
        left_on=datetime.date(2026, 10, 15),
    )
    AllowanceRule.objects.create(
        commune=world.commune,
        valid_from=datetime.date(2026, 1, 1),
        resolution="Nghị quyết 27/2023/NQ-HĐND",
        per_person_month=60_000,
        per_person_day=150_000,
    )
    day = ActivityDayFactory(team=team, date=datetime.date(2026, 11, 3))
    day.attendees.set([hung, lan])
    ActivityDayFactory(team=team, date=datetime.date(2026, 11, 10)).attendees.set([hung])
    return {"team": team, "hung": hung, "lan": lan, "ha": ha}


def _page(client, month="2026-11"):
    return client.get(reverse("teams:allowance_month"), {"thang": month}).content.decode()


def _total(html):
    return re.search(r'data-testid="grand-total">.*?<strong>([\d.]+) đ', html, re.S).group(1)


# --- Attendance ---------------------------------------------------------------------------


def test_new_activity_day_ticks_the_members_active_today(world, client_for, november):
    url = reverse("teams:activity_create", args=[november["team"].pk])
    html = client_for("leader").get(url).content.decode()
    for member in ("hung", "lan"):
        assert re.search(rf'value="{november[member].pk}"[^>]*checked', html)
    assert f'value="{november["ha"].pk}"' not in html  # left in October


def test_leader_records_who_attended(world, client_for, november):
    url = reverse("teams:activity_create", args=[november["team"].pk])
    response = client_for("leader").post(
        url, {"date": "17/11/2026", "hours": "4", "attendees": [november["lan"].pk]}
    )
    assert response.status_code == 302
    day = ActivityDay.objects.get(team=november["team"], date=datetime.date(2026, 11, 17))
    assert list(day.attendees.all()) == [november["lan"]]


def test_attendance_refuses_a_member_not_in_the_team_that_day(world, client_for, november):
    url = reverse("teams:activity_create", args=[november["team"].pk])
    response = client_for("leader").post(
        url, {"date": "02/10/2026", "hours": "4", "attendees": [november["hung"].pk]}
    )
    assert response.status_code == 302  # Hùng has no joining date: always in the team
    url = reverse("teams:activity_create", args=[november["team"].pk])
    response = client_for("office").post(
        url, {"date": "16/10/2026", "hours": "4", "attendees": [november["ha"].pk]}
    )
    assert response.status_code == 200  # Hà is not even offered after leaving
    assert not ActivityDay.objects.filter(date=datetime.date(2026, 10, 16)).exists()


def test_editing_a_day_keeps_an_attendee_who_has_left_since(world, client_for, november):
    day = ActivityDayFactory(team=november["team"], date=datetime.date(2026, 10, 5))
    day.attendees.set([november["ha"]])
    url = reverse("teams:activity_edit", args=[day.pk])
    html = client_for("leader").get(url).content.decode()
    assert re.search(rf'value="{november["ha"].pk}"[^>]*checked', html)


# --- The month's page, its lock and drift -------------------------------------------------


def test_schedule_page_shows_each_member_and_the_total(world, client_for, november):
    html = _page(client_for("office"))
    # Hùng 60,000 + 2 × 150,000; Lan 60,000 + 150,000; Hà left before November
    assert re.search(rf'data-member="{november["hung"].pk}">.*?360\.000', html, re.S)
    assert re.search(rf'data-member="{november["lan"].pk}">.*?210\.000', html, re.S)
    assert f'data-member="{november["ha"].pk}"' not in html
    assert _total(html) == "570.000"
    assert "Nghị quyết 27/2023/NQ-HĐND" in html


def test_leader_reads_only_their_team_and_cannot_lock(world, client_for, november):
    other = village_team(world.village_b)
    MemberFactory(team=other, full_name="Lê Minh Đức")
    html = _page(client_for("leader"))
    assert f'data-team="{november["team"].pk}"' in html
    assert f'data-team="{other.pk}"' not in html
    assert reverse("teams:allowance_lock", args=[2026, 11]) not in html
    assert f'data-team="{other.pk}"' in _page(client_for("leadership"))


def test_locked_month_keeps_its_figures_and_shows_drift(world, client_for, november):
    office = client_for("office")
    response = office.post(reverse("teams:allowance_lock", args=[2026, 11]))
    assert response.status_code == 302
    lock = AllowanceLock.objects.get()
    assert lock.locked_by == world.users["office"] and lock.snapshot["teams"]
    # the log changes afterwards: Lan attends another day
    ActivityDayFactory(team=november["team"], date=datetime.date(2026, 11, 17)).attendees.set(
        [november["lan"]]
    )
    html = _page(office)
    assert _total(html) == "570.000"
    assert 'data-testid="locked"' in html
    drift = re.search(r'data-testid="live-differs">(.*?)</div>', html, re.S).group(1)
    assert "210.000 → 360.000" in drift and "Trần Thị Lan" in drift
    # locking again is refused; unlocking asks first, then shows live figures
    with pytest.raises(AllowanceRefused):
        lock_allowance_month(world.commune, 2026, 11, world.users["office"])
    unlock = reverse("teams:allowance_unlock", args=[2026, 11])
    assert "form" in office.get(unlock).content.decode()
    assert AllowanceLock.objects.in_force().exists()
    office.post(unlock)
    lock.refresh_from_db()
    assert lock.unlocked_by == world.users["office"]
    assert _total(_page(office)) == "720.000"
    # and it can be locked again, with today's figures
    office.post(reverse("teams:allowance_lock", args=[2026, 11]))
    assert AllowanceLock.objects.in_force().get().snapshot != lock.snapshot


def test_a_month_not_begun_cannot_be_locked(world, client_for, november):
    response = client_for("office").post(reverse("teams:allowance_lock", args=[2026, 12]))
    assert response.status_code == 404
    assert not AllowanceLock.objects.exists()


def test_schedule_queries_do_not_grow_with_the_data(world, client_for, november):
    office = client_for("office")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            allowance_schedule(world.commune, 2026, 11)
        with CaptureQueriesContext(connection) as page:
            _page(office)
        return len(captured), len(page)

    _page(office)  # the session's first write (its end moved) is not the page's
    before = queries()
    team = village_team(world.village_b)
    members = [MemberFactory(team=team) for _ in range(5)]
    for day in (4, 11, 18):
        ActivityDayFactory(team=team, date=datetime.date(2026, 11, day)).attendees.set(members)
    assert queries() == before


# --- The payment list ---------------------------------------------------------------------


def _xlsx(client, year=2026, month=11):
    response = client.get(reverse("teams:allowance_file", args=[year, month, "xlsx"]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def _rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_excel_payment_list_has_numbers_signatures_and_totals(world, client_for, november):
    sheet = _xlsx(client_for("office"))
    rows = _rows(sheet)
    text = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "XÃ LIÊN MINH" in text and "11/2026" in text
    header = next(row for row in rows if row[0] == "STT")
    assert "Ký nhận" in header
    amount = header.index("Số tiền (đồng)")
    lines = {row[1]: row for row in rows if isinstance(row[0], int)}
    assert lines["Nguyễn Văn Hùng"][amount] == 360_000
    assert lines["Trần Thị Lan"][2:5] == [1, 1, 210_000]
    total = next(row for row in rows if row[1] == "Tổng cộng")
    assert total[amount] == 570_000 == sum(line[amount] for line in lines.values())
    under = rows[rows.index(total) + 1]
    assert under[0] == "Bằng chữ: Năm trăm bảy mươi nghìn đồng."
    cell = next(c for c in sheet["E"] if c.value == 360_000)
    assert cell.data_type == "n" and "#,##0" in cell.number_format
    assert DataAccessLog.objects.filter(user=world.users["office"]).count() == 1


def test_locked_payment_list_comes_from_the_snapshot(world, client_for, november):
    office = client_for("office")
    office.post(reverse("teams:allowance_lock", args=[2026, 11]))
    ActivityDay.objects.filter(team=november["team"]).delete()
    rows = _rows(_xlsx(office))
    total = next(row for row in rows if row[1] == "Tổng cộng")
    assert 570_000 in total
    assert any("Đã chốt" in str(row[0]) for row in rows)


def test_pdf_payment_list_reads_back_in_vietnamese(world, client_for, november):
    response = client_for("leadership").get(reverse("teams:allowance_file", args=[2026, 11, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BẢNG KÊ",
        "Nguyễn Văn Hùng",
        "Trần Thị Lan",
        "Ký nhận",
        "570.000",
        "Bằng chữ: Năm trăm bảy mươi nghìn đồng.",
        "NGƯỜI LẬP BIỂU",
    ):
        assert expected in text, expected
    assert DataAccessLog.objects.filter(user=world.users["leadership"]).exists()


def test_allowance_pages_have_no_english_left(world, client_for, november):
    from tests.test_english_leftovers import english, visible_texts

    office = client_for("office")
    rule = AllowanceRule.objects.get()
    urls = [
        reverse("teams:allowance_month") + "?thang=2026-11",
        reverse("teams:allowance_lock", args=[2026, 11]),
        reverse("teams:allowance_rule_list"),
        reverse("teams:allowance_rule_create"),
        reverse("teams:allowance_rule_edit", args=[rule.pk]),
        reverse("teams:activity_create", args=[november["team"].pk]),
        reverse("teams:member_edit", args=[november["hung"].pk]),
    ]
    lock_allowance_month(world.commune, 2026, 11, world.users["office"])
    urls.append(reverse("teams:allowance_unlock", args=[2026, 11]))
    for url in urls:
        page = office.get(url).content.decode()
        assert english(visible_texts(page), {"English", "nn/tt/nnnn"}) == set(), url


def _pdf_text(client, year=2026, month=11):
    response = client.get(reverse("teams:allowance_file", args=[year, month, "pdf"]))
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())


def test_a_locked_months_pdf_is_kept_and_a_relocked_month_gives_its_new_figures(
    world, client_for, november, settings, tmp_path, monkeypatch
):
    """A locked month's payment list is laid out once and read back on the next download
    (binhdan/pdf.py `render_pdf_kept`); unlocked, it is laid out afresh each time; locked
    again after the log changed, it shows the new figures."""
    from binhdan import pdf
    from teams import allowance_files

    settings.EXPORT_DIR = tmp_path
    laid_out = []
    render = pdf.render_pdf
    counted = lambda html: laid_out.append(1) or render(html)  # noqa: E731
    monkeypatch.setattr(pdf, "render_pdf", counted)  # what render_pdf_kept calls
    monkeypatch.setattr(allowance_files, "render_pdf", counted)  # the provisional list's
    office = client_for("office")
    _pdf_text(office)
    _pdf_text(office)
    assert len(laid_out) == 2  # the provisional list follows the log: never kept

    office.post(reverse("teams:allowance_lock", args=[2026, 11]))
    first = _pdf_text(office)
    again = _pdf_text(office)
    assert len(laid_out) == 3 and first == again
    assert "570.000" in first and "Năm trăm bảy mươi nghìn đồng" in first
    assert len(list((tmp_path / pdf.PDF_FOLDER).glob("*.pdf"))) == 1

    ActivityDay.objects.filter(team=november["team"], date=datetime.date(2026, 11, 10)).delete()
    assert "570.000" in _pdf_text(office)  # still locked: the locked figures, read back
    assert len(laid_out) == 3
    office.post(reverse("teams:allowance_unlock", args=[2026, 11]))
    office.post(reverse("teams:allowance_lock", args=[2026, 11]))
    relocked = _pdf_text(office)
    assert len(laid_out) == 4
    # Hùng one day fewer: 570,000 - 150,000.
    assert "420.000" in relocked and "570.000" not in relocked
    assert "Bốn trăm hai mươi nghìn đồng" in relocked
    assert _pdf_text(office) == relocked and len(laid_out) == 4
