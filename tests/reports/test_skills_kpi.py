"""K11, adults with basic digital skills confirmed on VNeID / adults: the arithmetic, the
engine over the tallies (past quarters by the day the confirmation was seen), the province's
roll-up, the household form and import that enter it, the dashboard and a report file."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from binhdan.quarters import Quarter
from households.imports import plan_household_import
from households.imports import read_household_file as read
from households.models import Household
from reports.kpis import tallies
from reports.kpis.arithmetic import Status, roll_up, skills_coverage
from reports.kpis.province import province_figures
from reports.kpis.queries import compute_kpis
from reports.kpis.scopes import Scope
from teams.models import Commune
from tests.factories import CommuneFactory, HouseholdFactory, VillageFactory
from tests.households.test_imports import upload, xlsx

D = datetime.date
Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)


# --- arithmetic -----------------------------------------------------------------------------


def test_no_adult_recorded_is_no_data_not_zero():
    kpi = skills_coverage(0, 0)
    assert (kpi.value, kpi.status) == (None, Status.NO_DATA)


def test_k11_is_met_only_when_every_adult_is_confirmed_by_default():
    assert (skills_coverage(3, 4).value, skills_coverage(3, 4).status) == (75.0, Status.NOT_MET)
    assert skills_coverage(4, 4).status == Status.MET
    assert skills_coverage(3, 4).details["not_confirmed"] == 1


def test_the_target_is_a_setting(settings):
    settings.SKILLS_TARGET_PERCENT = 80
    assert skills_coverage(4, 5).status == Status.MET
    assert skills_coverage(4, 5).target == 80


def test_a_province_adds_the_communes_adults_not_their_percentages():
    small = skills_coverage(1, 1, households_with_adults=1, households_skilled=1)  # 100 %
    large = skills_coverage(10, 40, households_with_adults=20, households_skilled=2)  # 25 %
    empty = skills_coverage(0, 0)
    total = roll_up("K11", [small, large, empty])
    assert (total.details["numerator"], total.details["denominator"]) == (11, 41)
    assert total.value == 26.8  # not (100 + 25) / 2
    assert total.details["households_with_adults"] == 21
    assert roll_up("K11", [empty]).status == Status.NO_DATA


# --- the engine -----------------------------------------------------------------------------


@pytest.fixture
def village(db):
    return VillageFactory(commune=CommuneFactory(code="LIENMINH"), code="LM01", name="Thôn Đông")


def household(village, adults, skilled=None, seen_on=None, people=5):
    return HouseholdFactory(
        village=village,
        people_count=people,
        adults=adults,
        adults_skilled=skilled,
        skills_seen_on=seen_on,
    )


def k11(scope, quarter):
    return compute_kpis(scope, quarter)["K11"]


def test_a_past_quarter_counts_the_confirmations_seen_by_its_end(village):
    household(village, 3, 2, D(2026, 2, 10))
    household(village, 2, 2, D(2026, 4, 20))
    household(village, 4, 0)
    household(village, None)  # not asked yet: neither adults nor confirmed
    scope = Scope.of_village(village)

    q1, q2 = k11(scope, Q1), k11(scope, Q2)
    assert (q1.details["numerator"], q1.details["denominator"], q1.value) == (2, 9, 22.2)
    assert (q2.details["numerator"], q2.details["denominator"]) == (4, 9)
    assert q2.details["households_skilled"] == 1 and q2.details["households_with_adults"] == 3
    assert tallies.differences() == []


def test_a_village_whose_households_have_no_adults_recorded_shows_no_data(village):
    household(village, None)
    other = VillageFactory(commune=village.commune, code="LM02")
    household(other, 2, 1, D(2026, 3, 1))
    assert k11(Scope.of_village(village), Q1).status == Status.NO_DATA
    assert k11(Scope.whole_commune(village.commune), Q1).details["denominator"] == 2


def test_the_province_roll_up_counts_every_communes_adults(village):
    household(village, 4, 4, D(2026, 3, 1))
    other = VillageFactory(
        commune=CommuneFactory(code="BINHSON", province=village.commune.province)
    )
    household(other, 6, 0)
    figures = province_figures(Commune.objects.all(), Q1)
    assert (figures.kpis["K11"].details["numerator"], figures.kpis["K11"].value) == (4, 40.0)


# --- entering it ----------------------------------------------------------------------------


def test_the_household_form_refuses_more_confirmed_than_adults_and_a_future_day(world, client_for):
    url = reverse("households:household_create")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    data = {
        "village": world.village_a.pk,
        "head_name": "Nguyễn Văn An",
        "address": "Xóm 1",
        "people_count": 4,
        "adults": 2,
        "adults_skilled": 3,
        "skills_seen_on": tomorrow.strftime("%d/%m/%Y"),
    }
    response = client_for("leader").post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Số người đã hoàn thành kỹ năng số nhiều hơn số người từ 15 tuổi." in html
    assert "đến hôm nay" in html  # the day seen is not in the future
    assert not Household.objects.exists()

    data.update(adults_skilled=2, skills_seen_on="01/03/2026")
    assert client_for("leader").post(url, data).status_code == 302
    saved = Household.objects.get()
    assert (saved.adults, saved.adults_skilled, saved.skills_seen_on) == (2, 2, D(2026, 3, 1))


SKILL_HEADERS = [
    "Họ tên chủ hộ",
    "Địa chỉ",
    "Số nhân khẩu",
    "Số người từ 15 tuổi",
    "Số người đã hoàn thành kỹ năng số cơ bản (VNeID)",
    "Ngày xem xác nhận trên VNeID",
]


def test_the_import_reads_adults_and_reports_bad_values_by_row_and_column(village):
    data = xlsx(
        [
            ["Nguyễn Văn An", "Xóm 1", 4, 3, 2, "05/03/2026"],
            ["Trần Thị Bình", "Xóm 2", 4, 2, 3, "05/03/2026"],
            ["Lê Văn Cường", "Xóm 3", 4, 2, 1, ""],
            ["Phạm Thị Dung", "Xóm 4", 2, 5, "", ""],
            ["Đỗ Văn Em", "Xóm 5", 4, 2, 1, "01/01/2099"],
        ],
        headers=SKILL_HEADERS,
    )
    plan = plan_household_import(read(upload(data)), village)
    messages = [str(e) for e in plan.errors]
    assert any(m.startswith("Dòng 3, cột “Số người đã hoàn thành kỹ năng số") for m in messages)
    assert any(m.startswith("Dòng 4, cột “Ngày xem xác nhận trên VNeID”") for m in messages)
    assert any(m.startswith("Dòng 5, cột “Số người từ 15 tuổi”") for m in messages)
    assert any(m.startswith("Dòng 6, cột “Ngày xem xác nhận trên VNeID”") for m in messages)
    assert len(messages) == 4
    first = next(p for p in plan.rows if p.row == 2)
    assert (first.values["adults"], first.values["adults_skilled"]) == (3, 2)
    assert first.values["skills_seen_on"] == D(2026, 3, 5)


# --- showing it -----------------------------------------------------------------------------


def test_the_dashboard_shows_k11_and_no_data_where_nothing_was_recorded(world, client_for):
    client = client_for("office")
    empty = client.get(reverse("home"), {"quy": "2026Q1"}).content.decode()
    card = empty.split('data-kpi="K11"')[1].split("data-kpi=")[0]
    assert "Kỹ năng số cơ bản" in card and "chưa có số liệu" in card
    assert 'kpi-value">—</span>' in card

    household(world.village_a, 4, 3, D(2026, 3, 1))
    html = client.get(reverse("home"), {"quy": "2026Q1"}).content.decode()
    card = html.split('data-kpi="K11"')[1].split("data-kpi=")[0]
    assert "75" in card and "3/4" in card


def test_the_commune_report_files_carry_k11(world, client_for):
    household(world.village_a, 4, 3, D(2026, 3, 1))
    client = client_for("office")
    url = reverse("reports:commune_report_file", args=["2026Q1", "xlsx"])
    book = load_workbook(io.BytesIO(client.get(url).content))
    summary = book.worksheets[0]
    row = next(r for r in summary.iter_rows(values_only=True) if r[0] == "K11")
    assert row[1] == "Kỹ năng số cơ bản" and row[2] == pytest.approx(0.75)
    assert "3/4 người" in row[3]
    assert "K11" in [c.value for c in book["Theo thôn, xóm"][1]]

    url = reverse("reports:commune_report_file", args=["2026Q1", "pdf"])
    reader = PdfReader(io.BytesIO(client.get(url).content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "K11" in text and "Kỹ năng số cơ bản" in text and "75 %" in text


def test_the_training_form_shows_the_framework_areas_each_topic_teaches(world, client_for):
    html = client_for("office").get(reverse("teams:training_create")).content.decode()
    assert "Kỹ năng tự bảo vệ mình trên không gian mạng (miền kỹ năng số 4)" in html
    assert "(miền kỹ năng số 0, 5)" in html  # online public services, digital signatures
