"""`manage.py seed_province` (issue 18): a province of synthetic communes with realistic
names and their reports in every state, which its Department sees; safe to run again."""

import datetime
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binhdan.dates import PLAN_START
from binhdan.quarters import Quarter
from households.models import Household, SupportVisit
from reports.kpis.scopes import Scope
from reports.kpis.synthetic import build_commune
from reports.models import QuarterlyReport, ReportTransition
from reports.quality import engine as quality
from reports.reporting.synthetic_province import commune_code
from teams import names
from teams.demo import DEMO_PASSWORD
from teams.models import ActivityDay, Commune, Member, Province, TrainingSession, User, Village
from tests.factories import CommuneFactory
from tests.test_spelling import old_style_words

pytestmark = pytest.mark.django_db


def _seed(**options) -> str:
    out = StringIO()
    arguments = {"communes": 3, "households": 30, "province": "Thái Nguyên", **options}
    call_command("seed_province", *[f"--{k}={v}" for k, v in arguments.items()], stdout=out)
    return out.getvalue()


def _log_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Commune,
            Village,
            Household,
            SupportVisit,
            QuarterlyReport,
            ReportTransition,
            User,
        )
    )


def test_seed_province_builds_named_communes_whose_reports_the_department_receives(client):
    output = _seed()
    communes = list(Province.objects.get(name="Thái Nguyên").communes.order_by("name"))
    commune_names = [c.name for c in communes]
    assert len(set(commune_names)) == 3
    assert all(len(name.split()) == 2 and old_style_words(name) == [] for name in commune_names)
    for commune in communes:
        villages = list(commune.villages.values_list("name", flat=True))
        assert len(villages) >= 3 and all(v.split()[0] in ("Xóm", "Thôn") for v in villages)
        heads = Household.objects.filter(village__commune=commune).values_list(
            "head_name", flat=True
        )
        assert len(heads) == 30 and all(len(head.split()) >= 3 for head in heads)
        assert Member.objects.filter(team__commune=commune).exists()
        assert ActivityDay.objects.filter(team__commune=commune).exists()
        assert TrainingSession.objects.filter(commune=commune).exists()

    statuses = set(QuarterlyReport.objects.filter(kind="commune").values_list("status", flat=True))
    assert statuses >= {"sent", "received", "returned", "draft"}
    assert QuarterlyReport.objects.filter(kind="village", status="accepted").exists()
    returned = QuarterlyReport.objects.get(kind="commune", status="returned")
    assert returned.transitions.order_by("at").last().comment.startswith(("Đề nghị", "Báo cáo"))

    department = User.objects.get(username="sokhcn-thainguyen")
    assert "sokhcn-thainguyen" in output and DEMO_PASSWORD in output
    assert _log_in(client, department.username).status_code == 302
    last_closed = Quarter.containing(timezone.localdate()).previous()
    page = client.get(reverse("reports:province_reports"), {"quy": str(last_closed)})
    assert page.status_code == 200
    assert all(name in page.content.decode() for name in commune_names)

    # The office of the commune whose report came back sees the Department's comment.
    office = User.objects.get(username=f"vanphong-{returned.commune.code.lower()}")
    office_client = Client()
    assert _log_in(office_client, office.username).status_code == 302
    home = office_client.get(reverse("home")).content.decode()
    assert returned.transitions.order_by("at").last().comment in home


def test_seeding_the_province_again_adds_nothing_and_more_communes_adds_only_them():
    _seed(communes=1)
    counts = _counts()
    again = _seed(communes=1)
    assert _counts() == counts
    assert "kept as it is" in again
    _seed(communes=2)
    assert Commune.objects.count() == 2
    assert User.objects.filter(role="department").count() == 1


def test_a_commune_built_as_of_a_day_passes_the_data_quality_gate():
    """Nothing dated after the day or before the plan, no visit after its member left: the
    reports of its teams can be submitted."""
    rng = random.Random(1)
    as_of = datetime.date(2026, 11, 20)
    commune = build_commune(
        "ASOF",
        villages=2,
        households=40,
        members=80,
        visits=400,
        last_quarter=Quarter(2026, 4),
        name="Minh Đức",
        village_names=["Xóm Na Mao", "Thôn Đồng Tâm"],
        person_name=lambda: names.person(rng),
        as_of=as_of,
    )
    visits = SupportVisit.objects.filter(team__commune=commune)
    dates = [*visits.values_list("date", flat=True)]
    dates += ActivityDay.objects.filter(team__commune=commune).values_list("date", flat=True)
    assert min(dates) >= PLAN_START and max(dates) <= as_of
    assert not visits.filter(member__left_on__lte=F("date")).exists()
    assert Member.objects.filter(team__commune=commune, left_on__isnull=False).exists()
    found = quality.check(Scope.whole_commune(commune), Quarter(2026, 3), today=as_of)
    assert found.blocking == []
    assert sorted(commune.villages.values_list("name", flat=True)) == [
        "Thôn Đồng Tâm",
        "Xóm Na Mao",
    ]


def test_a_commune_code_comes_from_its_name_and_is_numbered_when_taken():
    assert commune_code("Minh Đức") == "MINHDUC"
    CommuneFactory(code="MINHDUC", name="Minh Đức")
    assert commune_code("Minh Đức") == "MINHDUC2"
