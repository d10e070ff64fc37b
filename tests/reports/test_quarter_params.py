"""Quarters and years typed in a URL or a query string: only the plan's, never an error 500.

A quarter in a URL's path outside the plan (before October 2025, not started yet, or not a
quarter) answers 404; one in the query string (?quy=) falls back to the current quarter and
says so; a year (?nam=) to the current year. The pickers list the plan's quarters only.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from binhdan import picker
from binhdan.quarters import Quarter, quarters_in_plan
from reports.awards.forms import NominationForm
from tests.factories import member_of, village_team

pytestmark = pytest.mark.django_db
D = datetime.date

CURRENT = Quarter.containing(timezone.localdate())
OUTSIDE = [
    "9999Q4",
    "0000Q1",
    "2025Q9",
    "2025Q3",
    str(CURRENT.next()),
    f"{CURRENT.year + 4}Q1",
    "hôm nay",
]


def pages_with_a_quarter_picker(world):
    return [
        ("office", reverse("home")),
        ("office", reverse("reports:report_status")),
        ("office", reverse("reports:village", args=[world.village_a.pk])),
        ("office", reverse("reports:commune_team")),
        ("office", reverse("reports:member", args=[member_of(world.village_a).pk])),
        ("leader", reverse("teams:activity_list", args=[village_team(world.village_a).pk])),
    ]


@pytest.mark.parametrize("quy", OUTSIDE)
def test_a_quarter_outside_the_plan_in_the_query_falls_back_to_this_quarter(world, client_for, quy):
    for role, url in pages_with_a_quarter_picker(world):
        response = client_for(role).get(url, {"quy": quy})
        page = response.content.decode()
        assert response.status_code == 200, url
        assert response.context["quarter"] == CURRENT
        assert "không phải là một quý của kế hoạch (từ Quý IV/2025 đến" in page, url
        assert response.context["quarters"] == quarters_in_plan(timezone.localdate())


def test_the_picker_lists_the_plan_s_quarters_only(world, client_for):
    page = client_for("office").get(reverse("home"), {"quy": "9999Q3"}).content.decode()
    picker = page[page.index('<select id="quy"') : page.index("</select>")]
    assert picker.count("<option") == len(quarters_in_plan(timezone.localdate()))
    assert 'value="2025Q4"' in picker and 'value="2025Q3"' not in picker


def test_the_activity_days_page_steps_only_through_the_plan_s_quarters(world, client_for):
    url = reverse("teams:activity_list", args=[village_team(world.village_a).pk])
    client = client_for("leader")
    current = client.get(url).content.decode()
    assert f"?quy={CURRENT.previous()}" in current and f"?quy={CURRENT.next()}" not in current
    first = client.get(url, {"quy": "2025Q4"}).content.decode()
    assert "?quy=2025Q3" not in first


def report_paths(world, quarter):
    village = world.village_a.pk
    return [
        f"/bao-cao/{quarter}/thon/{village}/",
        f"/bao-cao/{quarter}/thon/{village}/nop/",
        f"/bao-cao/{quarter}/thon/{village}/tai-ve.pdf",
        f"/bao-cao/{quarter}/xa/",
        f"/bao-cao/{quarter}/xa/gui/",
        f"/bao-cao/{quarter}/xa/ngay-van-ban/",
        f"/bao-cao/{quarter}/xa/tai-ve.xlsx",
    ]


@pytest.mark.parametrize("quarter", ["9999Q4", "0000Q1", "2025Q9", "2025Q3", str(CURRENT.next())])
def test_a_quarter_outside_the_plan_in_a_report_url_is_not_found(world, client_for, quarter):
    office, leader = client_for("office"), client_for("leader")
    for path in report_paths(world, quarter):
        assert office.get(path).status_code == 404, path
        assert leader.post(path).status_code == 404, path


def test_the_report_urls_of_the_plan_s_first_and_current_quarters_exist(world, client_for):
    assert reverse("reports:commune_report", args=[CURRENT]) == f"/bao-cao/{CURRENT}/xa/"
    for quarter in ("2025Q4", str(CURRENT)):
        assert client_for("office").get(f"/bao-cao/{quarter}/xa/").status_code == 200


@pytest.mark.parametrize("nam", ["99999", "2024", "²", "2026x", str(timezone.localdate().year + 5)])
def test_a_year_outside_the_plan_in_the_query_falls_back_and_says_so(world, client_for, nam):
    client = client_for("office")
    for name in (
        "reports:year_review",
        "reports:nomination_list",
        "reports:nomination_suggestions",
    ):
        response = client.get(reverse(name), {"nam": nam})
        assert response.status_code == 200, name
        assert response.context["year"] == 2026
        assert "không phải là một năm của kế hoạch (từ 2025 đến" in response.content.decode()


@pytest.mark.parametrize(
    ("today", "year"),
    [(D(2025, 10, 1), 2025), (D(2026, 11, 30), 2026), (D(2027, 1, 1), 2027), (D(2031, 6, 1), 2031)],
)
def test_the_year_pages_open_on_the_current_year(world, client_for, today_is, today, year):
    today_is(today)
    client = client_for("office")
    for name in ("reports:year_review", "reports:nomination_list"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert response.context["year"] == year
        assert year in response.context["years"]
    assert picker.default_year() == year


def test_on_new_year_s_day_2027_the_year_review_of_2026_is_still_offered(
    world, client_for, today_is
):
    today_is(D(2027, 1, 1))
    response = client_for("office").get(reverse("reports:year_review"), {"nam": 2026})
    assert response.context["year"] == 2026
    assert response.context["years"] == [2027, 2026, 2025]


@pytest.mark.parametrize("year", [2024, 99999, timezone.localdate().year + 4])
def test_a_year_outside_the_plan_in_a_file_url_is_not_found(world, client_for, year):
    client = client_for("office")
    assert client.get(f"/bao-cao/nam/{year}/tai-ve.pdf").status_code == 404
    assert client.get(f"/bao-cao/nam/{year}/thon/{world.village_a.pk}/tai-ve.xlsx").status_code == (
        404
    )


def test_a_nomination_for_a_year_outside_the_plan_is_refused(world):
    form = NominationForm({"year": "2100", "category": "pioneer_citizen"}, commune=world.commune)
    assert not form.is_valid()
    last = max(2026, timezone.localdate().year)
    assert form.errors["year"] == [f"Hãy nhập một năm của kế hoạch, từ 2025 đến {last}."]
