"""The benchmark's timing helpers (reports/management/commands/_timing.py), on a small
commune: what they report is what the page or file gave, and a PDF measured "afresh" is laid
out for every request rather than read back from its kept copy."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from binhdan import pdf as pdf_module
from reports.management.commands import _timing


@pytest.mark.django_db
def test_a_page_is_measured_with_its_queries(world, client_for):
    figures = _timing.measure_page(client_for("office"), reverse("home"), runs=2)
    assert figures["median_ms"] >= figures["min_ms"] > 0
    assert figures["queries"] == _timing.query_count(
        _timing.page_getter(client_for("office"), reverse("home"))
    )


@pytest.mark.django_db
def test_a_file_is_read_to_its_end_and_measured(world, client_for):
    url = reverse("reports:commune_report_file", args=["2026Q4", "xlsx"])
    client = client_for("office")
    figures = _timing.measure_file(client, url, runs=1)
    response = client.get(url)
    # (Not to the byte: a workbook's zip stamps the time it was written.)
    assert abs(figures["bytes"] - len(response.content)) < len(response.content) / 100
    assert load_workbook(io.BytesIO(response.content)).sheetnames
    assert figures["peak_memory_mb"] >= 0 and figures["queries"] > 0


@pytest.mark.django_db
def test_a_pdf_measured_afresh_is_laid_out_for_every_request(world, client_for, monkeypatch):
    laid_out = []
    render = pdf_module.render_pdf
    monkeypatch.setattr(pdf_module, "render_pdf", lambda html: laid_out.append(1) or render(html))
    url = reverse("reports:commune_report_file", args=["2026Q4", "pdf"])
    _timing.measure_file(client_for("office"), url, runs=2, afresh=True, memory=False)
    # The warm-up, two timed requests, the one counted for queries, the one for the size:
    # laid out each time except the last two (nothing is removed between them).
    assert len(laid_out) == 4
    laid_out.clear()
    _timing.measure_file(client_for("office"), url, runs=2, memory=False)
    assert len(laid_out) == 1  # the warm-up only: then read back
