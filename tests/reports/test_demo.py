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


@pytest.mark.django_db
def test_the_demo_province_has_three_communes_and_the_departments_work(client):
    """The Department's log-in sees Liên Minh and its two neighbours: one report received on
    time, one returned with a comment (whose office sees it), Liên Minh's Q3 not sent."""
    from django.urls import reverse

    from reports.reporting import province
    from teams.models import User

    call_command("seed_demo", stdout=StringIO())
    department = User.objects.get(username="sokhcn")
    communes = Commune.objects.for_user(department)
    assert sorted(communes.values_list("code", flat=True)) == ["LIENMINH", "PHUCXUAN", "TANCUONG"]
    rows, rates = province.commune_reports(communes, Quarter(2026, 3), datetime.date(2026, 12, 1))
    assert {(r.commune.code, r.report.status if r.report else "") for r in rows} == {
        ("LIENMINH", "draft"),
        ("PHUCXUAN", "returned"),
        ("TANCUONG", "received"),
    }
    assert (rates.sent, rates.on_time, rates.missing) == (2, 2, 1)
    client.force_login(User.objects.get(username="vanphongpx"))
    home = client.get(reverse("home")).content.decode()
    assert "Phụ lục I: số liệu của xóm Đồng Kiệm còn thiếu" in home
