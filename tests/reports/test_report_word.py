"""The Word copy (DOCX) of every report kind, read back with python-docx as Word would, and
converted to PDF by LibreOffice as an office would open it."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image
from pypdf import PdfReader

from binhdan.access import communes_for
from binhdan.communes import province_of
from binhdan.downloads import DOCX
from binhdan.models import DataAccessLog
from binhdan.quarters import Quarter
from reports.reporting import workflow
from tests.factories import (
    CommuneFactory,
    HouseholdFactory,
    MemberFactory,
    OcopProductFactory,
    SupportVisitFactory,
    TeamFactory,
    VillageFactory,
    local_time,
    village_team,
)
from tests.reports.test_report_files import IN_Q4, Q4, top_margin_text

SOFFICE = shutil.which("soffice")
#: LibreOffice Writer, which opens .docx files (the Calc package alone cannot).
WRITER = Path("/usr/lib/libreoffice/share/registry/writer.xcd")


def word(response) -> Document:
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.docx"')
    return Document(io.BytesIO(response.content))


def all_text(document) -> str:
    """Every paragraph's text, the tables' included, in order."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def assert_decree_form(document):
    """A4, the Decree 30/2020 margins, Times New Roman 13-14 pt for every script, page
    numbers from page 2 (a PAGE field in the header, none on the first page)."""
    first = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    for section in document.sections:
        assert 20 <= round(section.top_margin.mm) <= 25
        assert 20 <= round(section.bottom_margin.mm) <= 25
        assert 30 <= round(section.left_margin.mm) <= 35
        assert 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert Pt(13) <= normal.font.size <= Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(script)) == "Times New Roman", script
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert defaults.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None
    # Every run names the font too (a copy pasted into another file keeps it).
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml
    assert "PAGE" not in first.first_page_header._element.xml


def the_chart(document):
    """The document's one picture, the trend chart: a PNG as wide as the text."""
    assert len(document.inline_shapes) == 1
    shape = document.inline_shapes[0]
    part = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert part.content_type == "image/png"
    picture = Image.open(io.BytesIO(part.blob))
    assert picture.format == "PNG" and picture.size[0] == 1260
    assert round(shape.width.mm) == 165
    return picture


def header_texts(document) -> tuple[str, str]:
    issuer, nation = document.tables[0].rows[0].cells
    return issuer.text, nation.text


@pytest.fixture
def team_with_visits(world):
    member = MemberFactory(team=TeamFactory(village=world.village_a), full_name="Lò Thị Mai")
    SupportVisitFactory.create_batch(2, member=member, date=IN_Q4, people_helped=3)
    return member


@pytest.mark.django_db
def test_village_report_docx_is_the_decree_form_with_the_frozen_figures(
    world, client_for, team_with_visits
):
    report = workflow.report_for(world.commune, Q4, world.village_a)
    report = workflow.save_narrative(
        report,
        {
            "results": "Tổ đã hỗ trợ người dân cài đặt VNeID tận nhà.",
            "proposals": "Đề nghị xã hỗ trợ thêm thiết bị.",
            "number": 5,
            "signer_name": "Trần Văn Bình",
        },
    )
    workflow.submit(report, world.users["leader"], at=local_time(2026, 12, 21))
    SupportVisitFactory(member=team_with_visits, date=IN_Q4)  # after submission
    url = reverse("reports:team_report_file", args=["2026Q4", world.village_a.pk, "docx"])
    document = word(client_for("office").get(url))

    assert_decree_form(document)
    issuer, nation = header_texts(document)
    assert "TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG" in issuer and "Số: 05/BC-TCNSCĐ" in issuer
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in nation
    assert "Độc lập - Tự do - Hạnh phúc" in nation
    assert "Liên Minh, ngày 21 tháng 12 năm 2026" in nation
    text = all_text(document)
    assert "BÁO CÁO" in text and "Quý IV/2026" in text
    assert "đã thực hiện 2 lượt hỗ trợ người dân, hỗ trợ 6 người" in text  # the snapshot
    assert "DỰ THẢO" not in text
    assert "hỗ trợ thêm thiết bị./." in text and text.count("./.") == 1
    assert "Nơi nhận:" in text and "TỔ TRƯỞNG" in text and "Trần Văn Bình" in text
    # The KPI table is a real table: a header row and one row per KPI, K1 to K10.
    kpis = document.tables[1]
    assert [c.text for c in kpis.rows[0].cells] == ["STT", "Chỉ số", "Giá trị", "Chỉ tiêu", "Đạt"]
    assert len(kpis.rows) == 12
    assert kpis.style.name == "Table Grid"
    the_chart(document)
    assert DataAccessLog.objects.filter(username="vanphong").count() == 1


@pytest.mark.django_db
def test_commune_report_docx_is_a_draft_until_sent_with_its_annexes_in_landscape(world, client_for):
    world.commune.province = province_of("Thái Nguyên")
    world.commune.save()
    OcopProductFactory(commune=world.commune, name="Mật ong Liên Minh", stars=4)
    url = reverse("reports:commune_report_file", args=["2026Q4", "docx"])
    document = word(client_for("leadership").get(url))
    assert_decree_form(document)
    issuer, _nation = header_texts(document)
    assert "ỦY BAN NHÂN DÂN" in issuer and "XÃ LIÊN MINH" in issuer
    text = all_text(document)
    assert "DỰ THẢO" in text  # not sent yet: not for signature
    assert "Kính gửi: Sở Khoa học và Công nghệ tỉnh Thái Nguyên" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "KT. CHỦ TỊCH" in text
    assert "Phụ lục I" in text and "Thôn Đoài" in text
    assert "Mật ong Liên Minh (4 sao)" in text  # words, as in the PDF: not a star glyph
    annex = document.sections[-1]
    assert annex.page_width > annex.page_height
    # Each annex a landscape section of its own, numbered from 1, its first page unnumbered
    # (as in the PDF: Decree 30 numbers an annex's pages apart).
    annexes = document.sections[1:]
    assert len(annexes) >= 2 and all(s.page_width > s.page_height for s in annexes)
    assert all(s.different_first_page_header_footer for s in annexes)
    assert all(s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1" for s in annexes)
    assert document.sections[0]._sectPr.find(qn("w:pgNumType")) is None
    villages = next(t for t in document.tables if t.rows[0].cells[0].text == "Thôn, xóm")
    assert [c.text for c in villages.rows[0].cells][2:] == [f"K{n}" for n in range(1, 12)]
    # The PDF's trend chart, as a picture: bars in the visits' blue, the adoption line green.
    colours = {colour for _count, colour in the_chart(document).convert("RGB").getcolors(1 << 20)}
    assert any(b > 200 and r < 100 and g < 160 for r, g, b in colours)
    assert (25, 135, 84) in colours


@pytest.mark.django_db
def test_a_commune_without_households_says_nothing_of_their_reach(world, client_for):
    """K7 counts 0 households never reached where there are none, but K10 has no figures:
    the sentence on first reaches is left out of the page and the files, never "None"."""
    page = client_for("office").get(reverse("reports:commune_report", args=["2026Q4"]))
    assert 'data-testid="never-reached"' not in page.content.decode()
    url = reverse("reports:commune_report_file", args=["2026Q4", "docx"])
    text = all_text(word(client_for("office").get(url)))
    assert "None" not in text and "lần đầu trong quý" not in text

    HouseholdFactory(village=world.village_a)
    text = all_text(word(client_for("office").get(url)))
    assert "0 hộ được tiếp cận lần đầu trong quý; 1 hộ chưa được tiếp cận" in text


@pytest.mark.django_db
def test_year_review_docx_shows_the_four_quarters(world, client_for):
    village = reverse("reports:year_village_file", args=[2026, world.village_a.pk, "docx"])
    for url, subject in [
        (reverse("reports:year_file", args=[2026, "docx"]), "các Tổ Công nghệ số cộng đồng xã"),
        (village, "Tổ Công nghệ số cộng đồng Thôn Đông"),
    ]:
        document = word(client_for("office").get(url))
        assert_decree_form(document)
        text = all_text(document)
        assert f"Sơ kết năm 2026 hoạt động của {subject}" in text
        year = document.tables[1]
        header = [c.text for c in year.rows[0].cells]
        assert header[1:5] == ["Quý I", "Quý II", "Quý III", "Quý IV"]
        assert len(year.rows) == 12
        the_chart(document)


@pytest.mark.django_db
def test_every_report_docx_opens_in_libreoffice(world, client_for, tmp_path):
    if SOFFICE is None or not WRITER.exists():
        pytest.skip(
            "LibreOffice Writer not found: install it with `apt-get install libreoffice-writer-nogui`"
        )
    urls = {
        "thon": reverse("reports:team_report_file", args=["2026Q4", world.village_a.pk, "docx"]),
        "xa": reverse("reports:commune_report_file", args=["2026Q4", "docx"]),
        "nam": reverse("reports:year_file", args=[2026, "docx"]),
        "nam-thon": reverse("reports:year_village_file", args=[2026, world.village_a.pk, "docx"]),
        "tinh": reverse("reports:province_file", args=[Quarter(2026, 4), "docx"]),
    }
    for name, url in urls.items():
        role = "department" if name == "tinh" else "office"
        (tmp_path / f"{name}.docx").write_bytes(client_for(role).get(url).content)
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(tmp_path / f"{name}.docx") for name in urls),
        ],
        capture_output=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    for name in urls:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), result.stdout
        assert pdf.read_bytes().startswith(b"%PDF")
    # As Word and LibreOffice lay it out: each of the commune's annexes starts a page of its
    # own, unnumbered (numbered apart from the report's pages), the report numbered from 2.
    pages = PdfReader(tmp_path / "xa.pdf").pages
    annexes = [page for page in pages if page.extract_text().lstrip().startswith("Phụ lục")]
    assert len(annexes) >= 2 and all(top_margin_text(page) == "" for page in annexes)
    assert top_margin_text(pages[0]) == "" and top_margin_text(pages[1]) == "2"


@pytest.fixture
def province_with_two_communes(world):
    """The world's commune in Thái Nguyên, with An Khánh beside it in the same province."""
    world.commune.province = province_of("Thái Nguyên")
    world.commune.save()
    village_team(
        VillageFactory(commune=CommuneFactory(name="An Khánh", province=world.commune.province))
    )
    return world.commune.province


@pytest.mark.django_db
def test_province_summary_docx_is_issued_by_the_department_beside_its_pdf_and_excel(
    world, client_for, province_with_two_communes
):
    client = client_for("department")
    page = client.get(reverse("reports:province_dashboard"), {"quy": "2026Q4"})
    url = reverse("reports:province_file", args=[Quarter(2026, 4), "docx"])
    assert url.endswith("/so/tong-hop/2026Q4.docx")
    assert f'href="{url}"' in page.content.decode()
    document = word(client.get(url))

    assert_decree_form(document)
    issuer, nation = header_texts(document)
    assert "UBND TỈNH THÁI NGUYÊN" in issuer and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in issuer
    assert "/BC-SKHCN" in issuer
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in nation and "Thái Nguyên, ngày" in nation
    text = all_text(document)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên" in text
    assert "III. ĐỀ XUẤT, KIẾN NGHỊ" in text and "Nơi nhận:" in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text
    kpis = document.tables[1]
    assert [c.text for c in kpis.rows[0].cells] == ["STT", "Chỉ số", "Giá trị", "Chỉ tiêu", "Đạt"]
    assert len(kpis.rows) == 12  # the header, K1 to K11
    the_chart(document)
    # The annex: a landscape page, a row per commune of the province and no other.
    annex = document.sections[-1]
    assert annex.page_width > annex.page_height
    communes = next(t for t in document.tables if t.rows[0].cells[0].text == "Xã")
    assert [c.text for c in communes.rows[0].cells][2:] == [f"K{n}" for n in range(1, 12)]
    names = [row.cells[0].text for row in communes.rows[1:]]
    assert "An Khánh" in names and world.commune.name in names
    assert set(names) == set(communes_for(world.users["department"]).values_list("name", flat=True))
    assert f"Trong {len(names)} xã, 0 xã đã gửi báo cáo quý" in text
    # Like the province's PDF and Excel (figures only, no resident's data): not in a
    # commune's access log.
    assert not DataAccessLog.objects.exists()


@pytest.mark.django_db
def test_only_the_department_gets_the_province_summary_docx(world, client_for):
    url = reverse("reports:province_file", args=[Quarter(2026, 4), "docx"])
    assert client_for("office").get(url).status_code == 403
    assert client_for("department").get(url).status_code == 200
