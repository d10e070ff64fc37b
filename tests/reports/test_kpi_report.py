"""`manage.py kpi_report`: the KPIs as JSON for automation."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import MemberFactory, SupportVisitFactory, TeamFactory

pytestmark = pytest.mark.django_db


def run(*args) -> dict:
    out = io.StringIO()
    call_command("kpi_report", *args, stdout=out)
    return json.loads(out.getvalue())


def test_kpi_report_prints_value_target_and_status_of_k1_to_k10_for_a_village(world):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    SupportVisitFactory.create_batch(50, member=member, date=datetime.date(2026, 11, 2))
    report = run("--quarter", "2026Q4", "--village", "LM01", "--format", "json")
    assert report["quarter"] == "2026Q4" and report["village"] == "LM01"
    assert [k["code"] for k in report["kpis"]] == [f"K{n}" for n in range(1, 12)]
    k5 = report["kpis"][4]
    assert (k5["value"], k5["target"], k5["status"]) == (50, 50, "met")
    k1 = report["kpis"][0]
    assert (k1["value"], k1["target"], k1["status"]) == (1, 9, "not_met")


def test_kpi_report_for_the_whole_commune_says_no_data_when_empty(world):
    report = run("--quarter", "2026Q4", "--commune", "LIENMINH")
    assert report["scope"] == "commune"
    assert report["kpis"][7] == {
        "code": "K8",
        "label": report["kpis"][7]["label"],
        "value": None,
        "target": 80,
        "unit": "percent",
        "status": "no_data",
    }


def test_kpi_report_refuses_a_nonsense_quarter(world):
    with pytest.raises(CommandError, match="not a quarter"):
        run("--quarter", "2026Q7", "--commune", "LIENMINH")
    for outside in ("9999Q4", "0000Q1", "2025Q3"):
        with pytest.raises(CommandError, match="outside the plan"):
            run("--quarter", outside, "--commune", "LIENMINH")


def test_kpi_report_writes_the_village_report_pdf_and_the_commune_excel(world, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    member = MemberFactory(team=TeamFactory(village=world.village_a))
    SupportVisitFactory.create_batch(3, member=member, date=datetime.date(2026, 11, 2))
    pdf_file, xlsx_file = tmp_path / "thon.pdf", tmp_path / "xa.xlsx"
    out = io.StringIO()
    call_command(
        "kpi_report",
        "--quarter",
        "2026Q4",
        "--village",
        "LM01",
        "--format",
        "pdf",
        "-o",
        str(pdf_file),
        stdout=out,
    )
    text = " ".join(page.extract_text() for page in PdfReader(pdf_file).pages)
    assert "Tổ Công nghệ số cộng đồng Thôn Đông" in " ".join(text.split())
    call_command(
        "kpi_report",
        "--quarter",
        "2026Q4",
        "--commune",
        "LIENMINH",
        "--format",
        "xlsx",
        "-o",
        str(xlsx_file),
        stdout=out,
    )
    summary = load_workbook(xlsx_file)["Tổng hợp"]
    assert summary["A7"].value == "K5" and summary["C7"].value == 0  # teams meeting K5: 0 %


def test_kpi_report_file_formats_need_an_output_file(world):
    with pytest.raises(CommandError, match="-o FILE"):
        run("--quarter", "2026Q4", "--commune", "LIENMINH", "--format", "pdf")
