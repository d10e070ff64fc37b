"""The worker lays out the PDFs of submitted and sent reports before anyone asks
(reports/reporting/prepared.py): their first download is read back, and drafts are left alone."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from binhdan import pdf as pdf_module
from reports.reporting import prepared, workflow
from tests.factories import local_time
from tests.reports.test_report_files import (
    Q4,
    flat,
    pdf_text,
    submitted_report,
    team_with_visits,  # noqa: F401 - a fixture
)


@pytest.fixture
def layouts(monkeypatch):
    """How many PDFs are laid out (not read back from their kept copy)."""
    prepared.forget()
    laid_out = []
    render = pdf_module.render_pdf
    monkeypatch.setattr(pdf_module, "render_pdf", lambda html: laid_out.append(1) or render(html))
    yield laid_out
    prepared.forget()


def run_worker() -> str:
    out = io.StringIO()
    call_command("run_jobs", "--once", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.usefixtures("team_with_visits")
def test_a_submitted_report_is_laid_out_by_the_worker_and_read_back(world, client_for, layouts):
    report = submitted_report(world, results="Hoàn thành kế hoạch")
    run_worker()
    assert len(layouts) == 1

    url = reverse("reports:team_report_file", args=[str(Q4), report.village_id, "pdf"])
    text = flat(pdf_text(client_for("office").get(url)))
    assert len(layouts) == 1  # read back: not laid out again
    assert "Hoàn thành kế hoạch" in text and "THÔN ĐÔNG" in text.upper()
    run_worker()  # nothing new to lay out
    assert len(layouts) == 1


@pytest.mark.django_db
def test_drafts_are_left_alone_and_a_report_is_laid_out_again_at_its_next_step(
    world, client_for, layouts
):
    report = workflow.save_narrative(
        workflow.report_for(world.commune, Q4, world.village_a), {"results": "Nháp"}
    )
    run_worker()
    assert layouts == []  # a draft's figures change with every write

    report = workflow.submit(report, world.users["leader"], at=local_time(2026, 12, 21))
    run_worker()
    assert len(layouts) == 1
    report = workflow.return_report(report, world.users["office"], "Bổ sung số liệu")
    run_worker()
    assert len(layouts) == 1  # returned: a draft again
    workflow.submit(report, world.users["leader"], at=local_time(2026, 12, 22))
    run_worker()
    assert len(layouts) == 2
