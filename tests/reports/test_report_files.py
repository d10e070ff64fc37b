"""The PDF and Excel of a quarterly report, read back as a reader would (pypdf, openpyxl)."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from binhdan.communes import province_of
from binhdan.models import DataAccessLog
from binhdan.quarters import Quarter
from reports.reporting import workflow
from reports.reporting.documents import place_date
from tests.factories import (
    MemberFactory,
    OcopProductFactory,
    SupportVisitFactory,
    TeamFactory,
    local_time,
)

Q4 = Quarter(2026, 4)
IN_Q4 = datetime.date(2026, 11, 2)


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def top_margin_text(page, margin_pt: float = 60) -> str:
    """The text printed in the top `margin_pt` points of a PDF page (page numbers)."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y > height - margin_pt:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def team_with_visits(world):
    member = MemberFactory(
        team=TeamFactory(village=world.village_a), full_name='=HYPERLINK("http://x")'
    )
    SupportVisitFactory.create_batch(2, member=member, date=IN_Q4, people_helped=3)
    return member


def submitted_report(world, **narrative):
    report = workflow.report_for(world.commune, Q4, world.village_a)
    report = workflow.save_narrative(report, narrative)
    return workflow.submit(report, world.users["leader"], at=local_time(2026, 12, 21))


def test_place_date_has_leading_zeros_for_small_days_and_january_february():
    assert place_date("Liên Minh", datetime.date(2026, 1, 5)) == (
        "Liên Minh, ngày 05 tháng 01 năm 2026"
    )
    assert place_date("Liên Minh", datetime.date(2026, 12, 21)).endswith(
        "ngày 21 tháng 12 năm 2026"
    )
    assert "tháng 3 năm" in place_date("Liên Minh", datetime.date(2026, 3, 9))


@pytest.mark.django_db
def test_team_report_pdf_is_an_administrative_document_with_the_frozen_figures(
    world, client_for, team_with_visits
):
    submitted_report(
        world,
        results="Tổ đã hỗ trợ người dân cài đặt VNeID <b>tận nhà</b>.",
        proposals="Đề nghị xã hỗ trợ thêm thiết bị.",
        number=5,
        signer_name="Trần Văn Bình",
    )
    SupportVisitFactory(member=team_with_visits, date=IN_Q4)  # after submission
    url = reverse("reports:team_report_file", args=["2026Q4", world.village_a.pk, "pdf"])
    text = flat(pdf_text(client_for("office").get(url)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 05/BC-TCNSCĐ" in text
    assert "Liên Minh, ngày 21 tháng 12 năm 2026" in text
    assert "BÁO CÁO" in text and "Quý IV/2026" in text
    assert "đã thực hiện 2 lượt hỗ trợ người dân, hỗ trợ 6 người" in text  # the snapshot
    assert "<b>tận nhà</b>" in text  # the narrative is text, never HTML
    assert text.rstrip().count("./.") == 1 and "hỗ trợ thêm thiết bị./." in text
    assert "Nơi nhận:" in text and "TỔ TRƯỞNG" in text and "Trần Văn Bình" in text
    assert DataAccessLog.objects.filter(username="vanphong").count() == 1


@pytest.mark.django_db
def test_the_pdf_carries_the_document_date_and_the_data_cut_off(world, client_for):
    workflow.send(
        workflow.report_for(world.commune, Quarter(2026, 3)),
        world.users["office"],
        at=local_time(2026, 10, 2),
    )
    url = reverse("reports:commune_report_file", args=["2026Q3", "pdf"])
    text = flat(pdf_text(client_for("leadership").get(url)))
    assert "Liên Minh, ngày 02 tháng 10 năm 2026" in text
    assert "(Số liệu tính đến ngày 30/09/2026)" in text
    draft = flat(pdf_text(client_for("leadership").get(url.replace("2026Q3", "2026Q4"))))
    assert place_date("Liên Minh", timezone.localdate()) in draft
    assert f"(Số liệu tính đến ngày {timezone.localdate():%d/%m/%Y})" in draft


@pytest.mark.django_db
def test_commune_report_pdf_is_addressed_to_the_department_with_annexes(world, client_for):
    world.commune.province = province_of("Thái Nguyên")
    world.commune.save()
    OcopProductFactory(commune=world.commune, name="Mật ong Liên Minh", stars=4)
    url = reverse("reports:commune_report_file", args=["2026Q4", "pdf"])
    response = client_for("leadership").get(url)
    reader = PdfReader(io.BytesIO(response.content))
    text = flat(pdf_text(response))
    assert "Kính gửi: Sở Khoa học và Công nghệ tỉnh Thái Nguyên" in text
    assert "ỦY BAN NHÂN DÂN XÃ LIÊN MINH" in text
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert "Phụ lục I" in text and "Thôn Đoài" in text
    assert "Mật ong Liên Minh (4 sao)" in text  # in words: the font has no star glyph
    assert text.rstrip().count("./.") == 1
    # Page numbers from page 2 on, in the top margin; none on page 1.
    assert top_margin_text(reader.pages[0]) == ""
    assert top_margin_text(reader.pages[1]) == "2"
    landscape = reader.pages[-1].mediabox
    assert landscape.width > landscape.height  # Phụ lục I is landscape
    # Each annex starts a page and numbers its pages apart (Decree 30): its first unnumbered.
    annexes = [page for page in reader.pages if "Phụ lục" in page.extract_text()[:40]]
    assert len(annexes) >= 2
    assert all(top_margin_text(page) == "" for page in annexes)
    # Only the shipped font, the chart, the √ of a target met and an OCOP rating included:
    # nothing depends on the fonts installed on the server.
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and all(name.startswith("Liberation-Serif") for name in fonts), fonts


@pytest.mark.django_db
def test_team_report_excel_has_real_numbers_percentages_and_safe_text(
    world, client_for, team_with_visits
):
    submitted_report(world)
    url = reverse("reports:team_report_file", args=["2026Q4", world.village_a.pk, "xlsx"])
    book = workbook(client_for("leader").get(url))
    assert book.sheetnames[:3] == ["Tổng hợp", "Theo tổ viên", "Theo nội dung hỗ trợ"]
    summary = book["Tổng hợp"]
    assert summary.freeze_panes == "A3"
    rows = {row[0].value: row for row in summary.iter_rows(min_row=3, max_row=12)}
    assert rows["K5"][2].value == 2 and rows["K5"][2].data_type == "n"
    assert rows["K3"][2].value == 0 and rows["K3"][2].number_format == "0.0%"
    assert rows["K3"][4].value == 1 and rows["K8"][2].value is None  # no data stays empty
    members = book["Theo tổ viên"]
    assert members["A1"].value == "Tổ viên"
    assert members["A2"].value == '\'=HYPERLINK("http://x")' and members["A2"].data_type == "s"
    assert members["F2"].value == 2
    assert members.column_dimensions["A"].width == 26


@pytest.mark.django_db
def test_commune_report_excel_has_a_sheet_per_village_kpi(world, client_for):
    url = reverse("reports:commune_report_file", args=["2026Q4", "xlsx"])
    book = workbook(client_for("office").get(url))
    assert "Theo thôn, xóm" in book.sheetnames and "Báo cáo các thôn" in book.sheetnames
    villages = book["Theo thôn, xóm"]
    assert [villages.cell(row=r, column=2).value for r in (2, 3)] == ["Thôn Đông", "Thôn Đoài"]
    assert villages["F1"].value == "K3" and villages["F2"].number_format == "0.0%"


@pytest.mark.django_db
def test_year_review_pdf_and_excel_show_the_four_quarters_side_by_side(world, client_for):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    SupportVisitFactory.create_batch(2, member=member, date=datetime.date(2026, 2, 3))
    SupportVisitFactory.create_batch(5, member=member, date=IN_Q4)
    url = reverse("reports:year_file", args=[2026, "pdf"])
    text = flat(pdf_text(client_for("leadership").get(url)))
    assert "Sơ kết năm 2026 hoạt động của các Tổ Công nghệ số cộng đồng xã Liên Minh" in text
    assert "Quý I/2026" in text and "Quý IV/2026" in text
    assert "Năm 2026 đã thực hiện 7 lượt hỗ trợ" in text and text.count("./.") == 1
    url = reverse("reports:year_village_file", args=[2026, world.village_a.pk, "xlsx"])
    book = workbook(client_for("leader").get(url))
    review = book["Sơ kết năm"]
    assert [c.value for c in review[2]][2:6] == [
        "Quý I/2026",
        "Quý II/2026",
        "Quý III/2026",
        "Quý IV/2026",
    ]
    k5 = next(row for row in review.iter_rows(min_row=3) if row[0].value == "K5")
    assert [c.value for c in k5[2:6]] == [2, 0, 0, 5]
    k3 = next(row for row in review.iter_rows(min_row=3) if row[0].value == "K3")
    assert k3[2].number_format == "0.0%"
    by_quarter = book["Theo quý"]
    assert [by_quarter.cell(row=r, column=2).value for r in range(2, 6)] == [2, 0, 0, 5]


@pytest.mark.django_db
def test_year_review_of_a_year_before_the_plan_is_not_found(world, client_for):
    assert (
        client_for("office").get(reverse("reports:year_file", args=[2019, "pdf"])).status_code
        == 404
    )


@pytest.mark.django_db
def test_report_workbook_prints_on_a4_fitted_to_width_with_header_rows_repeated(world, client_for):
    url = reverse("reports:commune_report_file", args=["2026Q4", "xlsx"])
    book = workbook(client_for("office").get(url))
    for sheet in book.worksheets:
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows, sheet.title
    assert book["Theo thôn, xóm"].page_setup.orientation == "landscape"  # 14 columns
    assert book["Theo nội dung hỗ trợ"].page_setup.orientation == "portrait"


def test_trend_chart_shows_quarters_before_the_plan_as_no_data_with_vietnamese_labels():
    from reports.kpis.charts import FONT_SIZE, PHONE_CHART_WIDTH, WIDTH, trend_svg

    svg = trend_svg(
        [
            {"label": "Quý III/2025", "visits": None, "adoption": None},
            {"label": "Quý IV/2025", "visits": 12, "adoption": 40.0},
        ]
    )
    assert svg.count("<rect") == 1 + 1  # one bar, and the legend's swatch
    assert "Quý III/2025: chưa có số liệu" in svg and "Quý IV" in svg and ">2025<" in svg
    assert FONT_SIZE * PHONE_CHART_WIDTH / WIDTH >= 11  # text still 11 px on a 390 px phone


@pytest.mark.django_db
def test_reports_are_complete_against_the_plan(world, client_for):
    """Teams and Youth Union members, roles missing by name, activity, essential platforms,
    VNeID, members below 20 households, and the next quarter's tasks: page, PDF and Excel."""
    from binhdan.quarters import Quarter
    from households.models import Platform
    from reports.reporting import workflow
    from tests.factories import (
        HouseholdFactory,
        HouseholdPlatformFactory,
        MemberFactory,
        TeamFactory,
    )

    team = TeamFactory(village=world.village_a)
    MemberFactory(team=team, full_name="Đỗ Văn Tư", is_youth_union=True)
    household = HouseholdFactory(village=world.village_a)
    HouseholdPlatformFactory(
        household=household,
        platform=Platform.objects.of(world.commune).get(code="vneid"),
        first_recorded_on=datetime.date(2026, 10, 2),
    )
    report = workflow.report_for(world.commune, Quarter(2026, 4), world.village_a)
    workflow.save_narrative(report, {"next_quarter": "Hoàn thành kích hoạt VNeID cho 100% hộ"})

    base = reverse("reports:team_report", args=["2026Q4", world.village_a.pk])
    client = client_for("leader")
    page = client.get(base).content.decode()
    text = flat(pdf_text(client.get(base + "tai-ve.pdf")))
    for rendering in (page, text):
        assert "1 tổ với 1 thành viên đang hoạt động, trong đó 1 đoàn viên thanh niên" in rendering
        assert "Đỗ Văn Tư (0)" in rendering  # below 20 households, with their count
        assert "VNeID (Công an xã chủ trì): 1/1 hộ sử dụng" in rendering
    assert "Thành phần còn thiếu" in text and "Y tế thôn" in text  # missing roles by name
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ TỚI" in text.upper()
    assert "Hoàn thành kích hoạt VNeID cho 100% hộ" in text
    book = workbook(client.get(base + "tai-ve.xlsx"))
    assert book["Nền tảng thiết yếu"]["A2"].value == "VNeID"
    assert book["Nền tảng thiết yếu"]["B2"].value == 1
    assert book["Tổ viên dưới 20 hộ"]["A2"].value == "Đỗ Văn Tư"
    assert book["Kiện toàn Tổ"]["D2"].value == 1  # Youth Union members


@pytest.mark.django_db
def test_the_year_review_lists_the_years_nominations(world, client_for):
    from reports.models import Award, Nomination, NominationStatus
    from tests.factories import TeamFactory

    team = TeamFactory(village=world.village_a, name="Tổ CNSCĐ Thôn Đông")
    Nomination.objects.create(
        commune=world.commune, year=2026, category=Award.EXEMPLARY_TEAM, team=team, reason="Tốt"
    )
    Nomination.objects.create(
        commune=world.commune,
        year=2026,
        category=Award.PIONEER_CITIZEN,
        resident_name="Lê Thị Rút",
        village=world.village_a,
        reason="Rút lại",
        status=NominationStatus.WITHDRAWN,
    )
    url = reverse("reports:year_file", args=[2026, "pdf"])
    text = flat(pdf_text(client_for("office").get(url)))
    assert "Đề cử thi đua" in text and "Tổ CNSCĐ tiêu biểu Tổ CNSCĐ Thôn Đông" in text
    assert "Lê Thị Rút" not in text  # withdrawn
