"""A report frozen before the KPIs travelled as a mapping by code still reads as it did.

`snapshots/commune-2026Q1.json` is the snapshot of the demo's commune report of Q1/2026 as
the portal stored it then (its KPIs a list in K1-K10 order, each village's cells a list);
`commune-2026Q1.expected.json` holds the figures its page, PDF and Excel showed then, read
with the cross-rendering test's helpers. The same snapshot must render the same figures now.
"""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from reports.models import QuarterlyReport, ReportKind, ReportStatus
from reports.reporting.content import kpis_of
from tests.reports.test_cross_rendering import (
    cell_text,
    excel_kpis,
    page_kpis,
    page_villages,
    pdf_text,
)

pytestmark = pytest.mark.django_db
HERE = Path(__file__).parent / "snapshots"


def _load(name: str):
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def test_an_old_snapshot_reads_as_kpis_by_code_in_order():
    kpis = kpis_of(_load("commune-2026Q1.json"))
    assert list(kpis) == [f"K{n}" for n in range(1, 11)]
    assert kpis["K8"].details["numerator"] == 293 and kpis["K8"].details["denominator"] == 755


def test_an_old_snapshot_renders_the_same_figures_on_the_page_in_the_pdf_and_excel(
    world, client_for
):
    snapshot = _load("commune-2026Q1.json")
    expected = _load("commune-2026Q1.expected.json")
    frozen = timezone.make_aware(datetime.datetime(2026, 3, 25, 9, 0))
    QuarterlyReport.objects.create(
        kind=ReportKind.COMMUNE,
        commune=world.commune,
        year=2026,
        quarter=1,
        status=ReportStatus.SENT,
        snapshot=snapshot,
        submitted_at=frozen,
        submitted_on=frozen.date(),
        frozen_at=frozen,
        document_date=frozen.date(),
    )
    client = client_for("office")
    base = "/bao-cao/2026Q1/xa/"
    page = client.get(base).content.decode()
    pdf = pdf_text(client.get(base + "tai-ve.pdf").content)
    book = load_workbook(io.BytesIO(client.get(base + "tai-ve.xlsx").content))

    assert page_kpis(page) == expected["page_kpis"]
    assert page_villages(page) == expected["page_villages"]
    assert {code: list(cells) for code, cells in excel_kpis(book).items()} == (
        expected["excel_kpis"]
    )
    villages = [
        [
            cell_text(c) if isinstance(c.value, int | float) and c.column > 3 else c.value
            for c in row
        ]
        for row in book["Theo thôn, xóm"].iter_rows(min_row=3)
    ]
    assert villages == expected["excel_villages"]
    annex = pdf.split("Phụ lục I CHỈ SỐ", 1)[1].split("Phụ lục II TÌNH HÌNH")[0]
    assert annex == expected["pdf_annex"]
    for explained in expected["page_kpis"].values():
        assert explained in pdf
