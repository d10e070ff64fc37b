"""One content, three renderings: every figure of a report reads the same on its page, in its
PDF and in its Excel workbook (value and unit), for the commune and for a village team.

The demo commune gives realistic figures (12 villages, teams short of members, K1, K2, K5
and K6 counted in teams for the commune, members, roles and visits for a village). The
Excel cells are turned into text here by hand (a percent cell 0.769 reads "76,9 %", a whole
number 68 reads "68"), independently of the portal's own formatting.
"""

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from teams.models import User, Village

pytestmark = pytest.mark.django_db
QUARTER = "2026Q4"


def cell_text(cell) -> str:
    """An Excel cell as a reader sees it with its number format."""
    if cell.value is None:
        return "—"
    if cell.number_format == "0.0%":
        text = f"{cell.value * 100:.1f}".replace(".", ",").removesuffix(",0")
        return f"{text} %"
    assert cell.number_format in ("0", "General"), cell.number_format
    assert float(cell.value).is_integer(), cell.value
    return str(int(cell.value))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unescape(text)).strip()


def page_kpis(html: str) -> dict[str, str]:
    rows = re.findall(r'<tr data-kpi="(K\d+)">.*?<span[^>]*data-figure>(.*?)</span>', html, re.S)
    return {code: flat(text) for code, text in rows}


def page_villages(html: str) -> dict[str, list[str]]:
    table = {}
    for code, row in re.findall(r'<tr data-village="([^"]+)">(.*?)</tr>', html, re.S):
        table[code] = [
            flat(text) for text in re.findall(r'<span class="badge[^>]*>(.*?)</span>', row)
        ]
    return table


def pdf_text(content: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def excel_kpis(book) -> dict[str, tuple[str, str]]:
    """Summary sheet: code -> (the value cell as text, the "Số liệu" column)."""
    sheet = book["Tổng hợp"]
    header = [c.value for c in sheet[2]]
    value, figures = header.index("Giá trị"), header.index("Số liệu")
    return {
        row[0].value: (cell_text(row[value]), row[figures].value)
        for row in sheet.iter_rows(min_row=3)
        if row[0].value and re.fullmatch(r"K\d+", str(row[0].value))
    }


def value_of(explained: str) -> str:
    """ "10/13 tổ đạt (76,9 %)" -> "76,9 %"; "6/7 thành phần" -> "6"; "68" -> "68"."""
    found = re.search(r"\(([^()]*)\)$", explained)
    return found.group(1) if found else explained.split(" ")[0].split("/")[0]


def files(client, base: str):
    page = client.get(base).content.decode()
    pdf = client.get(base + "tai-ve.pdf").content
    book = load_workbook(io.BytesIO(client.get(base + "tai-ve.xlsx").content))
    return page, pdf_text(pdf), book


@pytest.fixture
def demo(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="vanphong"))
    return client


def assert_kpis_agree(page, pdf, book):
    on_page = page_kpis(page)
    in_excel = excel_kpis(book)
    assert set(on_page) == set(in_excel) == {f"K{n}" for n in range(1, 12)}
    for code, explained in on_page.items():
        cell, excel_explained = in_excel[code]
        assert excel_explained == explained, code
        assert cell == value_of(explained), code
        assert explained in pdf, (code, explained)
    return on_page


def test_every_figure_of_the_commune_report_reads_the_same_on_page_pdf_and_excel(demo):
    page, pdf, book = files(demo, reverse("reports:commune_report", args=[QUARTER]))
    kpis = assert_kpis_agree(page, pdf, book)
    # The commune-wide team KPIs are counted in teams, with their numerator and denominator.
    assert re.fullmatch(r"\d+/13 tổ đạt \(\d+(,\d)? %\)", kpis["K1"])
    assert "lượt" not in kpis["K5"] and "tổ đạt" in kpis["K5"]

    # Phụ lục I: the villages' own figures in their own units, the same three times.
    on_page = page_villages(page)
    sheet = book["Theo thôn, xóm"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Mã", "Thôn, xóm", "Hộ dân"] and header[3:14] == [
        f"K{n}" for n in range(1, 12)
    ]
    villages = dict(Village.objects.values_list("code", "name"))
    assert len(on_page) == 12
    *rows, total = sheet.iter_rows(min_row=2)
    assert total[0].value == "Tổng cộng"
    assert total[2].value == sum(r[2].value for r in rows)  # households add up
    for row in rows:
        code = row[0].value
        cells = [cell_text(c) for c in row[3:14]]
        assert cells == on_page[code], code
        # K1 (members), K2 (roles) and K5 (visits) are counts, never percentages.
        assert not any(cells[i].endswith("%") for i in (0, 1, 4)), (code, cells)
        name = re.escape(villages[code]) + r"(?: \(\*\))?"  # (*): no report, live figures
        in_pdf = name + " " + r"(?: √)? ".join(re.escape(c) for c in [str(row[2].value), *cells])
        assert re.search(in_pdf, pdf), (code, cells)


def test_every_figure_of_a_village_report_reads_the_same_on_page_pdf_and_excel(demo):
    village = Village.objects.get(code="LM01")
    base = reverse("reports:team_report", args=[QUARTER, village.pk])
    page, pdf, book = files(demo, base)
    kpis = assert_kpis_agree(page, pdf, book)
    assert re.fullmatch(r"\d+", kpis["K1"]) and re.fullmatch(r"\d+/\d+ thành phần", kpis["K2"])
    assert re.fullmatch(r"\d+/\d+ hộ dân \(\d+(,\d)? %\)", kpis["K7"])
    # The members table: visits and households in charge, the same in the three files.
    sheet = book["Theo tổ viên"]
    *rows, total = sheet.iter_rows(min_row=2)
    assert total[0].value == "Tổng cộng"
    assert total[5].value == sum(r[5].value for r in rows)  # visits add up
    for row in rows:
        name, households, visits = row[0].value, row[4].value, row[5].value
        assert re.search(rf"{re.escape(name)}.*?{households} {visits}", pdf), name
        assert re.search(
            rf"{re.escape(name)}.*?<td class=\"text-end\">{households}</td><td class=\"text-end\">{visits}</td>",
            page,
            re.S,
        ), name


@pytest.mark.parametrize("scope", ["commune", "village"])
def test_every_figure_of_the_year_review_reads_the_same_on_page_pdf_and_excel(demo, scope):
    if scope == "commune":
        query, files_url = "?nam=2026", lambda fmt: reverse("reports:year_file", args=[2026, fmt])
    else:
        village = Village.objects.get(code="LM02")
        query = f"?nam=2026&thon={village.pk}"

        def files_url(fmt):
            return reverse("reports:year_village_file", args=[2026, village.pk, fmt])

    page = demo.get(reverse("reports:year_review") + query).content.decode()
    pdf = pdf_text(demo.get(files_url("pdf")).content)
    book = load_workbook(io.BytesIO(demo.get(files_url("xlsx")).content))
    sheet = book["Sơ kết năm"]
    checked = 0
    for row in sheet.iter_rows(min_row=3):
        code = row[0].value
        in_excel = [cell_text(c) for c in row[2:6]]
        html = re.search(rf'<tr data-kpi="{code}">(.*?)</tr>', page, re.S).group(1)
        cells = re.findall(r"<td class=\"text-center\">(.*?)</td>", html, re.S)
        on_page = [
            flat(m.group(1)) if (m := re.search(r"data-figure>(.*?)</span>", c)) else "—"
            for c in cells
        ]
        assert on_page == in_excel, code
        label = flat(row[1].value)
        assert re.search(
            re.escape(f"{code}. {label}") + r" " + " ".join(map(re.escape, in_excel)), pdf
        ), code
        checked += 1
    assert checked == 11
