"""Each kind of report PDF, turned into PNG pages as a reader would see them (pdftoppm).

The pages are kept in test-artifacts/ for a person to look at; the test checks that every
page is an A4 page with print on it, that a draft says "DỰ THẢO" on every page and a
submitted report nowhere.
"""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from binhdan.quarters import Quarter
from reports.reporting import workflow
from tests.factories import MemberFactory, SupportVisitFactory, TeamFactory

pytestmark = pytest.mark.django_db
ARTIFACTS = "test-artifacts"


def pdf_pages_as_png(pdf: bytes, tmp_path, name: str) -> list:
    """The PDF's pages as PNG files (72 dpi), also copied to test-artifacts/."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not found: install it with `apt-get install poppler-utils`")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", str(source), str(tmp_path / name)],
        check=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob(f"{name}-*.png"))
    out = Path(__file__).resolve().parents[2] / ARTIFACTS
    out.mkdir(exist_ok=True)
    for page in pages:
        shutil.copy(page, out / page.name)
    return pages


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def assert_a4_pages_with_print(pages):
    assert pages
    for page in pages:
        width, height = png_size(page)
        portrait = (min(width, height), max(width, height))
        assert abs(portrait[0] - 595) <= 1 and abs(portrait[1] - 842) <= 1, (
            page.name,
            width,
            height,
        )
        assert page.stat().st_size > 5_000, page.name  # not a blank page


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def data(world):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    SupportVisitFactory.create_batch(3, member=member)
    return member


def test_a_draft_commune_report_prints_as_a4_pages_marked_draft(world, data, client_for, tmp_path):
    pdf = client_for("office").get(reverse("reports:commune_report_file", args=["2026Q4", "pdf"]))
    assert_a4_pages_with_print(pdf_pages_as_png(pdf.content, tmp_path, "bao-cao-xa-du-thao"))
    assert all("DỰ THẢO" in text for text in page_texts(pdf.content))


def test_a_submitted_village_report_prints_without_the_draft_mark(
    world, data, client_for, tmp_path
):
    report = workflow.report_for(world.commune, Quarter(2026, 4), world.village_a)
    workflow.submit(report, world.users["leader"], explanation="Đã rà soát các cảnh báo.")
    url = reverse("reports:team_report_file", args=["2026Q4", world.village_a.pk, "pdf"])
    pdf = client_for("leader").get(url).content
    assert_a4_pages_with_print(pdf_pages_as_png(pdf, tmp_path, "bao-cao-thon"))
    assert not any("DỰ THẢO" in text for text in page_texts(pdf))


def test_the_year_review_prints_and_is_a_draft_before_the_year_ends(
    world, data, client_for, tmp_path
):
    pdf = client_for("office").get(reverse("reports:year_file", args=[2026, "pdf"])).content
    assert_a4_pages_with_print(pdf_pages_as_png(pdf, tmp_path, "so-ket-nam"))
    text = " ".join(" ".join(t.split()) for t in page_texts(pdf))
    assert "DỰ THẢO" in text
    assert "năm chưa kết thúc" in text and "đến cuối năm có" not in text
