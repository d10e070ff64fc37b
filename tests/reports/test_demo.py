"""The demo reports: every workflow state for the past quarters of 2026, seeded once."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from binhdan.quarters import Quarter
from reports.models import QuarterlyReport, ReportTransition
from reports.reporting import workflow
from teams.models import Commune


@pytest.mark.django_db
def test_demo_reports_cover_every_state_and_seeding_twice_adds_nothing():
    call_command("seed_demo", stdout=StringIO())
    counts = (QuarterlyReport.objects.count(), ReportTransition.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (QuarterlyReport.objects.count(), ReportTransition.objects.count()) == counts
    commune = Commune.objects.get(code="LIENMINH")
    today = datetime.date(2026, 11, 25)
    rows = workflow.village_statuses(commune, Quarter(2026, 2), today=today)
    assert {(r["status"], r["deadline"]) for r in rows} >= {
        ("accepted", "on_time"),
        ("submitted", "late"),
        ("returned", "on_time"),
        ("", "missing"),
    }
    returned = QuarterlyReport.objects.filter(status="returned").first()
    assert returned.transitions.last().comment
